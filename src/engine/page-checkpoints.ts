/**
 * Page checkpoints as the pipeline sees them (StageContext.checkpoints): the readings an earlier
 * attempt of the job stored, read once when the first OCR pass asks (a job that never OCRs costs
 * no query), and each new reading stored as its page is done.
 */
import type { JobRecord } from '../core/job.ts';
import type { PageCheckpoints } from '../pipeline/types.ts';
import type { Context } from '../services/context.ts';
import { listPageCheckpoints, savePageCheckpoint } from '../store/checkpoints/page-checkpoints.ts';

export function pageCheckpoints(ctx: Context, job: JobRecord, attempt: number): PageCheckpoints {
  let stored: Promise<Map<string, Map<number, unknown>>> | null = null;
  const load = async () => {
    const byPass = new Map<string, Map<number, unknown>>();
    for (const { pass, page, reading } of await listPageCheckpoints(ctx.db, job.id)) {
      const pages = byPass.get(pass) ?? new Map<number, unknown>();
      pages.set(page, reading);
      byPass.set(pass, pages);
    }
    return byPass;
  };
  return {
    async kept(pass) {
      stored ??= load();
      return (await stored).get(pass) ?? new Map();
    },
    async save(pass, page, reading) {
      // False: the job is no longer this attempt's (cancelled, reclaimed); the watch in
      // RunningJobs stops the run within its interval, and nothing was stored.
      await savePageCheckpoint(ctx.db, job.id, { pass, page, attempt, reading });
    },
  };
}
