import { Docjobs, DocjobsError } from '../../packages/client/src/index.ts';
import type { Flags } from './arguments.ts';
import { type Connection, resolveConnection } from './cli-config.ts';
import { CliError, exitCodeOfStatus, exitCodes } from './exit-codes.ts';

export interface Remote {
  client: Docjobs;
  connection: Connection;
}

/**
 * Run a remote command with a client for the configured server; what goes wrong comes back as a
 * CliError with a message that says what to change (the flag, variable or file the address or key
 * came from) and the exit code of its kind.
 */
export async function withRemote(flags: Flags, command: (remote: Remote) => Promise<number>): Promise<number> {
  const connection = await resolveConnection({ url: flags.url, apiKey: flags['api-key'] });
  const client = new Docjobs({ baseUrl: connection.baseUrl, apiKey: connection.apiKey });
  try {
    return await command({ client, connection });
  } catch (error) {
    throw explain(error, connection);
  }
}

export function explain(error: unknown, connection: Connection): unknown {
  if (error instanceof CliError || !(error instanceof Error)) return error;
  if (!(error instanceof DocjobsError)) {
    const reason = networkReason(error);
    if (reason === null) return error;
    return new CliError(
      `cannot reach docjobs at ${connection.baseUrl}, ${connection.urlOrigin} (${reason}): ${connection.unreachableHint}`,
      exitCodes.server,
    );
  }
  const { status, code, field, requestId } = error;
  if (status === undefined || status === 0) {
    return new CliError(
      `cannot reach docjobs at ${connection.baseUrl}, ${connection.urlOrigin} (${networkReason(error) ?? error.message}): ${connection.unreachableHint}`,
      exitCodes.server,
    );
  }
  let message = `${code}: ${error.message}${field ? ` (${field})` : ''}`;
  if (!code || code === 'NOT_DOCJOBS')
    message = `not a docjobs answer: is docjobs at ${connection.baseUrl}, ${connection.urlOrigin}?`;
  if (status === 401) message += ` (the key ${connection.keyOrigin})`;
  if (requestId && status >= 500) message += ` [request ${requestId}]`;
  return new CliError(`${status} ${message}`, exitCodeOfStatus(status));
}

/** What went wrong under fetch's "fetch failed": ECONNREFUSED, ENOTFOUND, a TLS error …; null when not a network error. */
function networkReason(error: Error): string | null {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$|^UND_ERR_|^ERR_TLS|CERT/.test(code)) return code;
  }
  return error instanceof TypeError && error.message === 'fetch failed' ? String(error.cause ?? 'fetch failed') : null;
}
