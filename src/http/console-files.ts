import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The built console (web/dist, made by `npm install` through the `prepare` script, or
 * `npm run build:web`), read once when the server starts: ~0.3 MB, so it is kept in memory rather
 * than read from disk per request. Its gzip is made on the first request that takes one and kept
 * (level 9 over every file took ~60 ms, start-up time a restart would wait for). Only the files listed here are ever sent:
 * a request path is a key of this map, never joined onto a directory, so no `..` can reach
 * another file.
 */
export interface ConsoleFile {
  body: Buffer;
  /** Whether gzip is worth sending (text, and at least gzipFrom bytes). */
  compressible: boolean;
  /** The gzip, once a request asked for it. */
  gzip?: Buffer;
  type: string;
  /** Vite names assets by their content hash: a changed file is a new name. */
  immutable: boolean;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Below this gzip saves less than a packet. */
const gzipFrom = 1024;

export const consoleDist = new URL('../../web/dist/', import.meta.url).pathname;

/** The file's gzip, made once. */
export function gzipOf(file: ConsoleFile): Buffer {
  file.gzip ??= gzipSync(file.body, { level: 9 });
  return file.gzip;
}

export function readConsoleFiles(dir: string = consoleDist): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      const type = types[extname(name)];
      if (!type) continue;
      const body = readFileSync(path);
      const urlPath = `/${relative(dir, path).split(sep).join('/')}`;
      const compressible =
        !type.startsWith('image/png') && !type.startsWith('font/') && body.length >= gzipFrom;
      files.set(urlPath, {
        body,
        compressible,
        type,
        immutable: urlPath.startsWith('/assets/'),
      });
    }
  };
  try {
    walk(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return files;
}
