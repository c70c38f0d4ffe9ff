import type { FastifyRequest } from 'fastify';
import { DocjobsError } from '../core/errors.ts';

/**
 * The document's field in each form of the submit: `document` (base64 or a data: URL) in a JSON
 * body, the part `file` in a multipart one. A client that mixes them up is told the other name:
 * no edit distance leads from one to the other, so "did you mean" cannot.
 */
export const documentField = { json: 'document', multipart: 'file' } as const;

/** A submit's `preValidation`: `file` in a JSON body is a multipart habit, named before the schema's plain "unknown field". */
export async function documentNotSentAsFile(request: FastifyRequest): Promise<void> {
  if (request.isMultipart()) return;
  const body = request.body;
  if (body && typeof body === 'object' && Object.hasOwn(body, documentField.multipart)) {
    throw new DocjobsError(
      'VALIDATION_ERROR',
      `unknown field "${documentField.multipart}"; did you mean "${documentField.json}"? A JSON submit sends the file as base64 (or a data: URL) in "${documentField.json}", with its "fileName"; "${documentField.multipart}" is the part of a multipart/form-data upload`,
      { details: { field: documentField.multipart } },
    );
  }
}

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
