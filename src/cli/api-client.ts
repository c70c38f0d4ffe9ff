import { readFileSync } from 'node:fs';
import type { Config } from '../core/config.ts';
import { apiKeyFile } from '../services/bootstrap-keys.ts';

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

export function apiClient(config: Config, env: NodeJS.ProcessEnv = process.env): ApiClient {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const base = (env.DOCJOBS_URL ?? `http://${host}:${config.port}`).replace(/\/$/, '');
  const key = env.DOCJOBS_API_KEY ?? readKeyFile(config.dataDir);
  const request: ApiClient['request'] = async (method, path, body, headers = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      body,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    }).catch((error: Error) => {
      throw new ApiError(`cannot reach docjobs at ${base}: ${error.cause ?? error.message}`);
    });
    if (!response.ok) {
      const text = await response.text();
      let message = text;
      try {
        const parsed = JSON.parse(text) as { error?: { code: string; message: string; field?: string } };
        const { code, message: said, field } = parsed.error ?? {};
        if (code) message = `${code}: ${said}${field ? ` (${field})` : ''}`;
      } catch {}
      throw new ApiError(`${method} ${path} → ${response.status} ${message}`);
    }
    return response;
  };
  return {
    request,
    async json<T>(method: string, path: string, body?: FormData | string, headers?: Record<string, string>) {
      return (await request(method, path, body, headers)).json() as Promise<T>;
    },
  };
}

function readKeyFile(dataDir: string): string | undefined {
  try {
    return readFileSync(apiKeyFile(dataDir), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
