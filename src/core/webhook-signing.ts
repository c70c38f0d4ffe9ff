import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): the secret is `whsec_` + base64
 * of the key; the signature of a message is `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)).
 * Any Standard Webhooks library (svix, standardwebhooks) verifies what this produces.
 */
const prefix = 'whsec_';

/** The spec asks for keys of 24 to 64 bytes. */
export const secretBytes = { min: 24, max: 64 } as const;

/** A new secret: 32 random bytes (the spec's minimum is 24). */
export const generateSecret = (): string => `${prefix}${randomBytes(32).toString('base64')}`;

/** The key of a secret, or null when it is not `whsec_` + base64 of 24 to 64 bytes. */
export function secretKey(secret: string): Buffer | null {
  if (!secret.startsWith(prefix)) return null;
  const encoded = secret.slice(prefix.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return null;
  const key = Buffer.from(encoded, 'base64');
  return key.length >= secretBytes.min && key.length <= secretBytes.max ? key : null;
}

export interface SignedMessage {
  id: string;
  /** Unix seconds. */
  timestamp: number;
  body: string;
}

/** The `webhook-signature` header value for a message. */
export function sign(secret: string, message: SignedMessage): string {
  const key = secretKey(secret);
  if (!key) throw new Error('not a whsec_ secret');
  const digest = createHmac('sha256', key)
    .update(`${message.id}.${message.timestamp}.${message.body}`)
    .digest('base64');
  return `v1,${digest}`;
}

/** The three headers of a signed delivery. */
export function signatureHeaders(secret: string, message: SignedMessage): Record<string, string> {
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestamp),
    'webhook-signature': sign(secret, message),
  };
}
