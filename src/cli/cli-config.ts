import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { apiKeyFile } from '../core/api-key-file.ts';
import type { Config } from '../core/config.ts';
import { CliError, exitCodes, usageError } from './exit-codes.ts';

/**
 * Where the remote commands find the server and the key, first found wins, each on its own:
 *   1. --url, --api-key
 *   2. DOCJOBS_URL, DOCJOBS_API_KEY
 *   3. $XDG_CONFIG_HOME/docjobs/config.json (~/.config/docjobs/config.json): {"url", "apiKey"}
 *   4. the local server's own settings: HOST and PORT, DATA_DIR/api-key (what `serve` wrote)
 * Each value keeps where it came from, so that an error names the flag, variable or file to change.
 * Step 4 reads the server's configuration, which checks every variable: it is skipped when the
 * steps before it gave both values.
 */
export interface Connection {
  baseUrl: string;
  apiKey: string;
  /** "from DOCJOBS_URL", "from HOST and PORT as DOCJOBS_URL is not set" … */
  urlOrigin: string;
  keyOrigin: string;
  /** What to try when nothing answers at baseUrl. */
  unreachableHint: string;
}

export interface ConfigFlags {
  url?: string;
  apiKey?: string;
}

interface ConfigFile {
  path: string;
  url?: string;
  apiKey?: string;
}

export function configFilePath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'docjobs', 'config.json');
}

/** The config file's two values; a missing file is none, a broken one is an error naming it. */
function readConfigFile(env: NodeJS.ProcessEnv): ConfigFile {
  const path = configFilePath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path };
    throw usageError(`${path} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw usageError(`${path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw usageError(`${path} must be a JSON object like {"url": "http://…", "apiKey": "dj_…"}`);
  const { url, apiKey } = parsed as Record<string, unknown>;
  for (const [name, value] of [
    ['url', url],
    ['apiKey', apiKey],
  ] as const) {
    if (value !== undefined && typeof value !== 'string')
      throw usageError(`${path}: "${name}" must be a string`);
  }
  return { path, url: url as string | undefined, apiKey: apiKey as string | undefined };
}

export async function resolveConnection(
  flags: ConfigFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Connection> {
  let file: ConfigFile | undefined;
  const configFile = () => (file ??= readConfigFile(env));
  let server: Config | undefined;
  const local = async () => (server ??= (await import('../core/config.ts')).loadConfig(env));

  let url: { value: string; origin: string; hint: string };
  if (flags.url) url = given(flags.url, '--url');
  else if (env.DOCJOBS_URL) url = given(env.DOCJOBS_URL, 'DOCJOBS_URL');
  else if (configFile().url) url = given(configFile().url!, configFile().path);
  else {
    const config = await local();
    const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
    url = {
      value: `http://${host}:${config.port}`,
      origin: 'from HOST and PORT as DOCJOBS_URL is not set',
      hint: "set DOCJOBS_URL to the server's address",
    };
  }

  let key: { value: string; origin: string };
  if (flags.apiKey) key = { value: flags.apiKey, origin: 'from --api-key' };
  else if (env.DOCJOBS_API_KEY) key = { value: env.DOCJOBS_API_KEY, origin: 'from DOCJOBS_API_KEY' };
  else if (configFile().apiKey) key = { value: configFile().apiKey!, origin: `in ${configFile().path}` };
  else key = keyFromDataDir((await local()).dataDir, configFile().path);

  return {
    baseUrl: url.value,
    apiKey: key.value,
    urlOrigin: url.origin,
    keyOrigin: key.origin,
    unreachableHint: url.hint,
  };
}

function given(value: string, source: string) {
  const name = source.startsWith('/') ? `"url" in ${source}` : source;
  const parsed = URL.canParse(value) ? new URL(value) : null;
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:')
    throw usageError(`${name} must be the server's address, like http://127.0.0.1:8080; got "${value}"`);
  // A path is fine (a proxy may serve docjobs under one), but /v1 is the API's own: it went twice.
  if (/\/v1\/?$/.test(parsed.pathname))
    throw usageError(
      `${name} is the server's address without the API's /v1 (the commands add it): use "${value.replace(/\/v1\/?$/, '')}"`,
    );
  return {
    value: value.replace(/\/+$/, ''),
    origin: `from ${name}`,
    hint: 'is the server running there?',
  };
}

/** The key in DATA_DIR/api-key; without one, the error says where we looked and what to do. */
function keyFromDataDir(dataDir: string, configPath: string): { value: string; origin: string } {
  const file = apiKeyFile(dataDir);
  let problem: string;
  try {
    const value = readFileSync(file, 'utf8').trim();
    if (value) return { value, origin: `in ${file}` };
    problem = 'is empty';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
  }
  throw new CliError(
    `no API key: DOCJOBS_API_KEY is not set, nor --api-key, nor "apiKey" in ${configPath}, and ${file} ${problem} (DATA_DIR/api-key). ` +
      'Set DOCJOBS_API_KEY to a key; "docjobs keys create --org NAME" on the server makes one',
    exitCodes.auth,
  );
}
