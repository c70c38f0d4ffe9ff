import { Docjobs, DocjobsError } from '../../packages/client/src/index.ts';
import type { Flags } from './arguments.ts';
import { type Connection, resolveConnection } from './cli-config.ts';
import { CliError, exitCodeOfStatus, exitCodes } from './exit-codes.ts';
import { httpFetch } from './http-fetch.ts';

export interface Remote {
  client: Docjobs;
  connection: Connection;
}

/**
 * Run a remote command with a client for the configured server; what goes wrong comes back as a
 * CliError with a message that says what to change (the flag, variable or file the address or key
 * came from) and the exit code of its kind.
 */
export async function withRemote(
  flags: Flags,
  command: (remote: Remote) => Promise<number>,
): Promise<number> {
  const connection = await resolveConnection({ url: flags.url, apiKey: flags['api-key'] });
  const client = new Docjobs({ baseUrl: connection.baseUrl, apiKey: connection.apiKey, fetch: httpFetch });
  try {
    return await command({ client, connection });
  } catch (error) {
    throw explain(error, connection);
  }
}

/**
 * A client error as one line for the user, with its exit code: no answer names the address and
 * where it came from, a 401 the key's origin, a 5xx the request id the server's logs have.
 * Anything else (a CliError already, a file that cannot be written) goes on as it is.
 */
export function explain(error: unknown, connection: Connection): unknown {
  if (!(error instanceof DocjobsError)) return error;
  const { status, code, field, requestId } = error;
  if (code === 'NETWORK_ERROR' || (code === 'TIMEOUT' && status === 0))
    return new CliError(
      `cannot reach docjobs at ${connection.baseUrl}, ${connection.urlOrigin} (${networkReason(error)}): ${connection.unreachableHint}`,
      exitCodes.server,
    );
  if (code === 'BAD_RESPONSE')
    return new CliError(
      `${error.message}: is docjobs at ${connection.baseUrl}, ${connection.urlOrigin}?`,
      exitCodes.server,
    );
  if (code === 'ABORTED') return new CliError(error.message, exitCodes.server);
  let message = `${status} ${code}: ${error.message}${field ? ` (${field})` : ''}`;
  if (status === 401) message += ` (the key ${connection.keyOrigin})`;
  if (requestId && status >= 500) message += ` [request ${requestId}]`;
  return new CliError(message, exitCodeOfStatus(status));
}

/** What went wrong under fetch's "fetch failed": ECONNREFUSED, ENOTFOUND, a TLS error … */
function networkReason(error: Error): string {
  let deepest: Error = error;
  for (let cause: unknown = error.cause; cause instanceof Error; cause = cause.cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    deepest = cause;
  }
  return deepest.message;
}
