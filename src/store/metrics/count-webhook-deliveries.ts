import type { Database } from '../db.ts';

export interface DeliveryCount {
  status: string;
  count: number;
}

/**
 * The delivery log by outcome (/metrics). The log comes with webhooks (migration 0005): null until
 * it exists, and null for a table of another shape than expected, so that the metric is left out
 * rather than the scrape failed.
 */
export async function countWebhookDeliveries(db: Database): Promise<DeliveryCount[] | null> {
  const [table] = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
    `${db.schema}.webhook_deliveries`,
  ]);
  if (!table?.present) return null;
  try {
    return await db.query<DeliveryCount>(
      'SELECT status, count(*)::int AS count FROM webhook_deliveries GROUP BY status',
    );
  } catch {
    return null;
  }
}
