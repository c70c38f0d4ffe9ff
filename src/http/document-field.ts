import { DocjobsError } from '../core/errors.ts';

const dataUrlPattern = /^data:([\w.+-]+\/[\w.+-]+)?(;[\w-]+=[^;,]*)*;base64,/;
const base64Pattern = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** `document` in a JSON submit: plain base64 (standard or url-safe) or a `data:…;base64,` URL. */
export function parseDocumentField(value: string): { bytes: Uint8Array; mimeType: string | null } {
  let payload = value;
  let mimeType: string | null = null;
  const match = dataUrlPattern.exec(value);
  if (match) {
    mimeType = match[1] ?? null;
    payload = value.slice(match[0].length);
  } else if (value.startsWith('data:')) {
    throw new DocjobsError('VALIDATION_ERROR', 'document data URLs must be base64 (data:TYPE;base64,…)', {
      details: { field: 'document' },
    });
  }
  payload = payload.replace(/\s+/g, '');
  if (!base64Pattern.test(payload)) {
    throw new DocjobsError('VALIDATION_ERROR', 'document must be base64 or a base64 data URL', {
      details: { field: 'document' },
    });
  }
  const bytes = new Uint8Array(Buffer.from(payload, 'base64'));
  return { bytes, mimeType };
}
