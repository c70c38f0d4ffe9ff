import { rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Context } from '../services/context.ts';
import { issueApiKey } from '../services/issue-api-key.ts';

/**
 * While a server holds an embedded data directory, no other process may open its PGlite.
 * `docjobs keys create` then asks the server over this Unix socket, which lives inside
 * DATA_DIR (mode 0600): whoever can reach it could read the database files anyway.
 */
export const adminSocketPath = (dataDir: string) => join(dataDir, 'admin.sock');

interface KeyRequest {
  command: 'keys.create';
  org: string;
}

/** More commands the server answers (`purge`): the request's JSON in, a JSON-able reply out. */
export type AdminHandlers = Record<string, (request: Record<string, unknown>) => Promise<unknown>>;

export async function listenAdminSocket(
  dataDir: string,
  ctx: Pick<Context, 'db'>,
  handlers: AdminHandlers = {},
): Promise<Server> {
  const path = adminSocketPath(dataDir);
  rmSync(path, { force: true }); // left by a process that was killed; we hold the directory lock
  const server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', async (chunk) => {
      buffer += chunk;
      if (!buffer.includes('\n') || buffer.length > 4096) return;
      try {
        const request = JSON.parse(buffer.slice(0, buffer.indexOf('\n'))) as KeyRequest;
        const handler = Object.hasOwn(handlers, request.command) ? handlers[request.command] : undefined;
        if (handler) {
          socket.end(
            `${JSON.stringify({ reply: await handler(request as unknown as Record<string, unknown>) })}\n`,
          );
          return;
        }
        if (request.command !== 'keys.create' || typeof request.org !== 'string' || !request.org) {
          throw new Error('unknown command');
        }
        const { key, org } = await issueApiKey(ctx, request.org);
        socket.end(`${JSON.stringify({ key, org })}\n`);
      } catch (error) {
        socket.end(`${JSON.stringify({ error: (error as Error).message })}\n`);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path, readableAll: false, writableAll: false }, () => resolve());
  });
  server.unref();
  return server;
}

export function requestKeyFromServer(dataDir: string, org: string): Promise<{ key: string; org: string }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(adminSocketPath(dataDir));
    let reply = '';
    socket.setEncoding('utf8');
    socket.setTimeout(10_000, () => socket.destroy(new Error('the server did not answer within 10 s')));
    socket.on('connect', () => socket.write(`${JSON.stringify({ command: 'keys.create', org })}\n`));
    socket.on('data', (chunk) => {
      reply += chunk;
    });
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        const parsed = JSON.parse(reply) as { key?: string; org?: string; error?: string };
        if (parsed.key && parsed.org) resolve({ key: parsed.key, org: parsed.org });
        else reject(new Error(parsed.error ?? 'no answer'));
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** Ask the server holding the data directory to run `command` (see AdminHandlers); resolves to its reply. */
export function askServer<T>(
  dataDir: string,
  request: { command: string; [field: string]: unknown },
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(adminSocketPath(dataDir));
    let reply = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`the server did not answer within ${timeoutMs / 1000} s`)),
    );
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk) => {
      reply += chunk;
    });
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        const parsed = JSON.parse(reply) as { reply?: T; error?: string };
        if (parsed.error !== undefined || parsed.reply === undefined)
          reject(new Error(parsed.error ?? 'no answer'));
        else resolve(parsed.reply);
      } catch (error) {
        reject(error);
      }
    });
  });
}
