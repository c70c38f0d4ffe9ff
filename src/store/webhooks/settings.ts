import type { OrgId } from '../../core/ids.ts';
import { type WebhookEvent, webhookEvents } from '../../core/webhook-payload.ts';
import { generateSecret } from '../../core/webhook-signing.ts';
import type { Sql } from '../db.ts';

/** An organisation's webhook: its url (null: per-job webhookUrl targets only), secret and events. */
export interface WebhookSetting {
  url: string | null;
  secret: string;
  events: WebhookEvent[];
  updatedAt: string;
}

interface SettingRow {
  url: string | null;
  secret: string;
  events: WebhookEvent[];
  updated_at: Date;
}

const toSetting = (row: SettingRow): WebhookSetting => ({
  url: row.url,
  secret: row.secret,
  events: row.events,
  updatedAt: row.updated_at.toISOString(),
});

export async function getWebhookSetting(sql: Sql, orgId: OrgId): Promise<WebhookSetting | null> {
  const rows = await sql.query<SettingRow>(
    'SELECT url, secret, events, updated_at FROM webhook_settings WHERE org_id = $1',
    [orgId],
  );
  return rows[0] ? toSetting(rows[0]) : null;
}

/**
 * The organisation's setting, made (no url, a new secret, every event) if it has none: per-job
 * webhooks are signed with the organisation's secret, so there must be one before the first is sent,
 * and its owner can read it before then. Two callers at once: ON CONFLICT keeps the first secret.
 */
export async function ensureWebhookSetting(sql: Sql, orgId: OrgId): Promise<WebhookSetting> {
  // Read first: every attempt asks, and all but the first find one (one statement instead of two).
  const existing = await getWebhookSetting(sql, orgId);
  if (existing) return existing;
  const rows = await sql.query<SettingRow>(
    `INSERT INTO webhook_settings (org_id, url, secret, events) VALUES ($1, NULL, $2, $3::text[])
     ON CONFLICT (org_id) DO NOTHING RETURNING url, secret, events, updated_at`,
    [orgId, generateSecret(), [...webhookEvents]],
  );
  return rows[0] ? toSetting(rows[0]) : ((await getWebhookSetting(sql, orgId)) as WebhookSetting);
}

export async function putWebhookSetting(
  sql: Sql,
  orgId: OrgId,
  setting: { url: string; secret: string; events: readonly WebhookEvent[] },
): Promise<WebhookSetting> {
  const rows = await sql.query<SettingRow>(
    `INSERT INTO webhook_settings (org_id, url, secret, events, updated_at) VALUES ($1, $2, $3, $4::text[], now())
     ON CONFLICT (org_id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret,
       events = EXCLUDED.events, updated_at = now()
     RETURNING url, secret, events, updated_at`,
    [orgId, setting.url, setting.secret, [...setting.events]],
  );
  return toSetting(rows[0]!);
}

/** Forget the setting, secret included: a later per-job webhook is signed with a new one. */
export async function deleteWebhookSetting(sql: Sql, orgId: OrgId): Promise<boolean> {
  const rows = await sql.query('DELETE FROM webhook_settings WHERE org_id = $1 RETURNING org_id', [orgId]);
  return rows.length > 0;
}
