import { readFileSync } from 'node:fs';
import { apiKeyFile } from '../core/api-key-file.ts';
import type { Config } from '../core/config.ts';

/** The CLI's HTTP side: DOCJOBS_URL (default from HOST/PORT) and DOCJOBS_API_KEY (default DATA_DIR/api-key). */
export interface ApiClient {
  request(
    method: string,
    path: string,
    body?: FormData | string,
    headers?: Record<string, string>,
  ): Promise<Response>;
  json<T>(
    method: string,
    path: string,
    body?: FormData | string,
    headers?: Record<string, string>,
  ): Promise<T>;
}

export class ApiError extends Error {
  override name = 'ApiError';
}

/**
 * The client the environment describes. Address and key are found once, with where they came
 * from: an error then says which variable or file to change. With DOCJOBS_URL and DOCJOBS_API_KEY
 * both set (a client on another machine) nothing else is read; otherwise HOST, PORT and DATA_DIR
 * come from the server's configuration, which checks every variable (it was ~0.15 s of a 0.25 s
 * `jobs list` when that went through zod; less now, but still more than the two reads).
 */
export async function apiClient(env: NodeJS.ProcessEnv = process.env): Promise<ApiClient> {
  let config: Config | undefined;
  const local = async () => (config ??= (await import('../core/config.ts')).loadConfig(env));
  const server = env.DOCJOBS_URL ? givenAddress(env.DOCJOBS_URL) : localAddress(await local());
  const key = env.DOCJOBS_API_KEY
    ? { value: env.DOCJOBS_API_KEY, source: 'from DOCJOBS_API_KEY' }
    : keyFromFile((await local()).dataDir);
  const request: ApiClient['request'] = async (method, path, body, headers = {}) => {
    if (key.value === undefined) throw new ApiError(key.source);
    const response = await fetch(`${server.base}${path}`, {
      method,
      body,
      headers: { authorization: `Bearer ${key.value}`, ...headers },
    }).catch((error: Error) => {
      throw new ApiError(
        `cannot reach docjobs at ${server.base}, ${server.origin} (${reason(error)}): ${server.hint}`,
      );
    });
    if (!response.ok) {
      const text = await response.text();
      let message = notDocjobs(response, server);
      try {
        const parsed = JSON.parse(text) as { error?: { code: string; message: string; field?: string } };
        const { code, message: said, field } = parsed.error ?? {};
        if (code) message = `${code}: ${said}${field ? ` (${field})` : ''}`;
      } catch {}
      if (response.status === 401) message += ` (the key ${key.source})`;
      throw new ApiError(`${method} ${path} → ${response.status} ${message}`);
    }
    return response;
  };
  return {
    request,
    async json<T>(method: string, path: string, body?: FormData | string, headers?: Record<string, string>) {
      const response = await request(method, path, body, headers);
      return (await response.json().catch(() => {
        throw new ApiError(`${method} ${path} → ${response.status} ${notDocjobs(response, server)}`);
      })) as T;
    },
  };
}

interface ServerAddress {
  base: string;
  /** Where `base` came from, and what to try when nothing answers there. */
  origin: string;
  hint: string;
}

function givenAddress(given: string): ServerAddress {
  const url = URL.canParse(given) ? new URL(given) : null;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:')
    throw new ApiError(
      `DOCJOBS_URL must be the server's address, like http://127.0.0.1:8080; got "${given}"`,
    );
  // A path is fine (a proxy may serve docjobs under one), but /v1 is the API's own: it went twice.
  if (/\/v1\/?$/.test(url.pathname))
    throw new ApiError(
      `DOCJOBS_URL is the server's address without the API's /v1 (the commands add it): use "${given.replace(/\/v1\/?$/, '')}"`,
    );
  return {
    base: given.replace(/\/+$/, ''),
    origin: 'from DOCJOBS_URL',
    hint: 'is the server running there?',
  };
}

function localAddress(config: Config): ServerAddress {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    base: `http://${host}:${config.port}`,
    origin: 'from HOST and PORT as DOCJOBS_URL is not set',
    hint: "set DOCJOBS_URL to the server's address",
  };
}

/** The key in DATA_DIR/api-key; without one, `source` says where we looked and what to do. */
function keyFromFile(dataDir: string): { value?: string; source: string } {
  const file = apiKeyFile(dataDir);
  let problem: string;
  try {
    const value = readFileSync(file, 'utf8').trim();
    if (value) return { value, source: `in ${file}` };
    problem = 'is empty';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
  }
  return {
    source:
      `no API key: DOCJOBS_API_KEY is not set and ${file} ${problem} (DATA_DIR/api-key). ` +
      'Set DOCJOBS_API_KEY to a key; "docjobs keys create --org NAME" on the server makes one',
  };
}

/** An answer that is not docjobs' JSON (another server on that port, a proxy's error page), said in one line. */
function notDocjobs(response: Response, server: ServerAddress): string {
  const type = response.headers.get('content-type')?.split(';')[0] || 'no Content-Type';
  return `not a docjobs answer (${type}): is docjobs at ${server.base}, ${server.origin}?`;
}

/** What went wrong under fetch's "fetch failed": ECONNREFUSED, ENOTFOUND, a TLS error … */
function reason(error: Error): string {
  const cause = error.cause as (Error & { code?: string }) | undefined;
  return cause?.code ?? (cause?.message || error.message);
}
