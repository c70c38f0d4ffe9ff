/**
 * What `docjobs` exits with, so that a script can tell a failed job from a typo from a server
 * that is down without reading stderr. Listed in `docjobs --help` and the README.
 */
export const exitCodes = {
  ok: 0,
  /** The job (or one of several) ended failed, timeout or cancelled; still running at --timeout; a webhook test not delivered. */
  jobFailed: 1,
  /** The command line or a request the server refused as invalid (400, 409, 413, 415, 422). */
  usage: 2,
  /** No such job, case, extractor … (404). */
  notFound: 3,
  /** No key, or a key the server refused (401, 403). */
  auth: 4,
  /** The server could not be reached, or answered 5xx, 429, or not as docjobs. */
  server: 5,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export const exitCodeHelp = `Exit codes: 0 ok; 1 a job failed, timed out or was cancelled (also: still running at
jobs wait --timeout, webhook test not delivered); 2 usage (a bad flag or file, or a request the server
refused as invalid); 3 not found; 4 auth (no key, or a refused one); 5 server (not reached, 5xx, rate
limited, or not a docjobs answer). serve, worker, keys and purge: 0, or 1 with the reason.`;

/** An error whose message is written for the user, with the exit code it stands for. */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** A mistake on the command line: exit 2, nothing sent. */
export const usageError = (message: string) => new CliError(message, exitCodes.usage);

/** The exit code of an HTTP status the server answered with. */
export function exitCodeOfStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return exitCodes.auth;
  if (status === 404) return exitCodes.notFound;
  if (status === 429 || status >= 500) return exitCodes.server;
  if (status >= 400) return exitCodes.usage;
  // A 2xx or 3xx that is not docjobs' answer (another server on that port).
  return exitCodes.server;
}
