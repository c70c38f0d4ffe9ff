/**
 * For a receiver of docjobs' webhooks: checks a delivery's Standard Webhooks signature
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`: v1,base64(HMAC-SHA256(key,
 * `${id}.${timestamp}.${body}`)), the key being the base64 after `whsec_` in the secret) and its
 * age, then answers the payload: a job's end, or a test (`type` "webhook.test": answer 2xx). Web Crypto only, so it runs in Node ≥ 20, Deno, Bun, workers and
 * browsers; crypto.subtle.verify compares in constant time.
 */
import type { components } from './generated/openapi.ts';

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** The body of a delivery, as /openapi.json describes it (components.schemas.WebhookPayload). */
export type WebhookPayload = components['schemas']['WebhookPayload'];
/** The body of a test (POST /v1/webhooks/test, the console's "send test"): `type` is "webhook.test". */
export type WebhookTestPayload = components['schemas']['WebhookTestPayload'];

export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
}

export interface VerifyOptions {
  /** How far the timestamp may be from now, either way (default 300 s, the spec's suggestion). */
  toleranceSeconds?: number;
  /** Now, in Unix seconds (tests). */
  now?: number;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[Object.keys(headers).find((k) => k.toLowerCase() === name) ?? ''];
  return Array.isArray(value) ? value[0] : value;
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The payload of a delivery whose signature matches `secret` and whose timestamp is recent;
 * otherwise WebhookVerificationError. Pass the body exactly as received (not re-serialised JSON).
 */
export async function verifyWebhook(
  headers: WebhookHeaders,
  body: string | Uint8Array | ArrayBuffer,
  secret: string,
  options: VerifyOptions = {},
): Promise<WebhookPayload | WebhookTestPayload> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    throw new WebhookVerificationError('missing webhook-id, webhook-timestamp or webhook-signature');
  }
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp)) throw new WebhookVerificationError('webhook-timestamp is not Unix seconds');
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (Math.abs(now - seconds) > tolerance) {
    throw new WebhookVerificationError(`webhook-timestamp is more than ${tolerance} s from now (a replay?)`);
  }
  const keyBytes = secret.startsWith('whsec_') ? base64Bytes(secret.slice('whsec_'.length)) : null;
  if (!keyBytes) throw new WebhookVerificationError('the secret is not whsec_ followed by base64');
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify',
  ]);
  const bodyBytes =
    typeof body === 'string'
      ? new TextEncoder().encode(body)
      : new Uint8Array(body instanceof ArrayBuffer ? body : body.slice());
  const prefix = new TextEncoder().encode(`${id}.${timestamp}.`);
  const signed = new Uint8Array(prefix.length + bodyBytes.length);
  signed.set(prefix);
  signed.set(bodyBytes, prefix.length);
  // Several signatures may be given, space-separated (a key being rotated): any valid v1 one passes.
  for (const candidate of signatures.split(' ')) {
    const [version, encoded] = candidate.split(',', 2);
    const signature = version === 'v1' && encoded ? base64Bytes(encoded) : null;
    if (signature && (await crypto.subtle.verify('HMAC', key, signature, signed))) {
      return JSON.parse(new TextDecoder().decode(bodyBytes)) as WebhookPayload | WebhookTestPayload;
    }
  }
  throw new WebhookVerificationError('no webhook-signature matches the secret');
}
