import type { Registry } from 'prom-client';

type PromClient = typeof import('prom-client');

let client: Promise<PromClient> | null = null;

/**
 * prom-client, imported at the first scrape rather than at start: it costs 50-250 ms of start-up
 * (its push gateway pulls in `https`, its exemplars `@opentelemetry/api`) and a start should not wait
 * for what only a scrape needs. A failed import is not kept, so the next scrape tries again.
 */
export function promClient(): Promise<PromClient> {
  client ??= import('prom-client').catch((error: unknown) => {
    client = null;
    throw error;
  });
  return client;
}

let processRegistry: Promise<Registry> | null = null;

/**
 * prom-client's default metrics — CPU, resident memory, file descriptors, heap spaces, GC pauses
 * (`nodejs_gc_duration_seconds`), event-loop lag (`nodejs_eventloop_lag_*`) — in a registry of our
 * own: one per process, not one per app, since they describe the process (tests build several apps
 * in one, and a second collectDefaultMetrics on one registry throws "already registered"). Not the
 * global registry either, so nothing else that imports prom-client adds to our exposition.
 *
 * Started at the first scrape, like the import: gauges (memory, CPU, handles) read the process as it
 * is, while the GC histogram and the lag monitor count from then on, which rate() does not mind.
 */
export function processMetrics(): Promise<Registry> {
  processRegistry ??= promClient().then(({ Registry, collectDefaultMetrics }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    return registry;
  });
  return processRegistry;
}
