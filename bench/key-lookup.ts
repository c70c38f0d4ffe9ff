/**
 * What authenticating a request costs now that it notes the key's last use (GET /v1/keys shows
 * `lastUsedAt`): docjobs' lookup (store/keys/find-key-holder.ts: the key's organisation by its
 * SHA-256 and whether its last use is a minute old; only then a second statement writes it) against
 * the plain lookup it replaced (the same join by hash, read only), on the same handle, alternating.
 *
 *   node bench/key-lookup.ts [--backend pglite|postgres|both] [--lookups 2000]
 *
 * Then GET /v1/me over HTTP on 127.0.0.1 against GET /v1/settings/webhook, a route that was there
 * before, of the same weight (the key check, one row read, a small JSON answer): what the new route
 * costs end to end. PostgreSQL: BENCH_DATABASE_URL, default the local server.
 */
import { parseArgs } from 'node:util';
import { authenticate } from '../src/services/authenticate.ts';
import { hashApiKey } from '../src/store/orgs.ts';
import {
  authHeaders,
  backendsOf,
  benchKey,
  fixed,
  machine,
  positiveInt,
  printTable,
  startBenchInstance,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    lookups: { type: 'string', default: '2000' },
  },
});
const lookups = positiveInt('lookups', args.lookups);

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
};

/** The lookup before last-use noting (services/authenticate.ts until this change). */
const plainLookup = `SELECT o.id, o.name FROM api_keys k JOIN organisations o ON o.id = k.org_id
                     WHERE k.key_hash = $1 AND k.revoked_at IS NULL`;

/** `count` rounds of a then b, alternating; p50 and p95 of each in µs. */
async function alternate(count: number, a: () => Promise<unknown>, b: () => Promise<unknown>) {
  const times: [number[], number[]] = [[], []];
  const once = async (f: () => Promise<unknown>, into: number[]) => {
    const t = performance.now();
    await f();
    into.push((performance.now() - t) * 1000);
  };
  for (let i = 0; i < 50; i++) {
    await a();
    await b();
  }
  for (let i = 0; i < count; i++) {
    await once(a, times[0]);
    await once(b, times[1]);
  }
  const [ours, peer] = times.map((xs) => [percentile(xs, 0.5), percentile(xs, 0.95)] as const);
  return [ours!, peer!] as const;
}

console.log(`key lookup bench: ${lookups} lookups per side, alternating`);
console.log(machine());
const rows: string[][] = [];
for (const backend of backendsOf(args.backend)) {
  const instance = await startBenchInstance({ backend, worker: false, concurrency: 1 });
  try {
    const { db } = instance.docjobs.ctx;
    const hash = hashApiKey(benchKey);
    const [[o50, o95], [p50, p95]] = await alternate(
      lookups,
      () => authenticate({ db }, benchKey),
      () => db.query(plainLookup, [hash]),
    );
    rows.push([
      `${backend}: key lookup (SQL)`,
      fixed(o50),
      fixed(o95),
      fixed(p50),
      fixed(p95),
      `${fixed(o50 / p50, 2)}x`,
    ]);
    const get =
      (path: string, headers: Record<string, string> = {}) =>
      async () => {
        const response = await fetch(`${instance.baseUrl}${path}`, { headers });
        if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
        await response.arrayBuffer();
      };
    const [[m50, m95], [h50, h95]] = await alternate(
      Math.ceil(lookups / 4),
      get('/v1/me', authHeaders),
      get('/v1/settings/webhook', authHeaders),
    );
    rows.push([
      `${backend}: GET /v1/me vs /v1/settings/webhook`,
      fixed(m50),
      fixed(m95),
      fixed(h50),
      fixed(h95),
      `${fixed(m50 / h50, 2)}x`,
    ]);
  } finally {
    await instance.close();
  }
}
console.log('');
printTable(['what', 'docjobs p50 µs', 'p95 µs', 'peer p50 µs', 'p95 µs', 'p50 ratio'], rows);
console.log(
  '\nkey lookup: docjobs = authenticate() (lookup + last use noted at most once a minute); peer = the read-only lookup it replaced.',
);
console.log(
  'GET /v1/me: the key check, the key row, JSON; peer = GET /v1/settings/webhook (the key check, one row, JSON).',
);
