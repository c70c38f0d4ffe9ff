import type { Config } from '../core/config.ts';
import { serverHoldsDataDir, withDatabaseAndBlobs } from '../services/one-off-database.ts';
import { type PurgeContext, type PurgeReport, purgeExpired } from '../services/purge.ts';
import { type AdminHandlers, askServer } from './admin-socket.ts';

/** A purge of 100,000 jobs takes minutes on PGlite; the socket must not give up on a quiet wait. */
const purgeAnswerTimeoutMs = 3 * 3600 * 1000;

/**
 * `docjobs purge [--dry-run]`: the scheduled purge, now. With the data directory held by a running
 * server (PGlite), the server runs it and answers over the admin socket; otherwise (a free data
 * directory, or a PostgreSQL server) this process opens the database and runs it itself. Safe beside
 * a running scheduled purge: batches skip rows another purge holds.
 */
export async function purgeCommand(config: Config, options: { dryRun: boolean }): Promise<PurgeReport> {
  if (serverHoldsDataDir(config)) {
    return askServer<PurgeReport>(
      config.dataDir,
      { command: 'purge', dryRun: options.dryRun },
      purgeAnswerTimeoutMs,
    );
  }
  return withDatabaseAndBlobs(config, (ctx) => purgeExpired(ctx, { dryRun: options.dryRun }));
}

/** What a server registers on its admin socket so the command above can reach it. */
export const purgeAdminHandlers = (ctx: PurgeContext): AdminHandlers => ({
  purge: async (request) => purgeExpired(ctx, { dryRun: request.dryRun === true }),
});

export function formatPurgeReport(report: PurgeReport, graceDays: number): string {
  const ids = (list: string[], total: number) =>
    list.length === 0
      ? ''
      : `\n    ${list.join('\n    ')}${total > list.length ? `\n    … and ${total - list.length} more` : ''}`;
  const verb = report.dryRun ? 'would' : '';
  const lines = report.dryRun
    ? [
        'dry run: nothing was changed',
        `  ${report.expired} terminal jobs past expiresAt ${verb} expire (data deleted, row kept)${ids(report.expiredIds, report.expired)}`,
        `  ${report.dropped} expired rows past the ${graceDays}-day grace period ${verb} be dropped${ids(report.droppedIds, report.dropped)}`,
        `  ${report.skippedRunning} jobs past expiresAt are not terminal yet: left alone until they end`,
      ]
    : [
        `purged in ${(report.ms / 1000).toFixed(1)} s`,
        `  ${report.expired} jobs expired (data deleted, row kept)${ids(report.expiredIds, report.expired)}`,
        `  ${report.dropped} expired rows dropped after the ${graceDays}-day grace period${ids(report.droppedIds, report.dropped)}`,
      ];
  if (report.blobErrors > 0)
    lines.push(`  ${report.blobErrors} jobs' files could not be removed (retried at the grace drop)`);
  return lines.join('\n');
}
