/**
 * What an e-mail job adds to /openapi.json (documentation only): its headers in the document's
 * metadata, its attachments (child jobs) beside any job type's result, and `options.email`.
 * Producers: pipeline/formats/mail/mail-document.ts, services/mail-attachments.ts.
 */
import { component, ref } from './registry.ts';

component('EmailHeaders', {
  type: 'object',
  description: "E-mails (eml, msg): the message's headers",
  additionalProperties: false,
  required: ['from', 'to', 'cc', 'date', 'subject', 'messageId'],
  properties: {
    from: { type: ['string', 'null'], example: 'Alice Sender <alice@example.org>' },
    to: { type: 'array', items: { type: 'string' } },
    cc: { type: 'array', items: { type: 'string' } },
    date: { type: ['string', 'null'], format: 'date-time' },
    subject: { type: ['string', 'null'] },
    messageId: { type: ['string', 'null'] },
  },
});

component('EmailAttachment', {
  type: 'object',
  description:
    'An attachment of an e-mail: the child job reading it (same type, task and options, dependsOn the e-mail job), or why there is none',
  additionalProperties: false,
  required: ['fileName', 'mimeType', 'sizeBytes', 'jobId'],
  properties: {
    fileName: { type: 'string' },
    mimeType: { type: 'string', description: 'As the message declares it' },
    sizeBytes: { type: 'integer' },
    jobId: { type: ['string', 'null'] },
    reason: {
      type: 'string',
      description: 'Why no job: an unsupported type, an e-mail nested too deep, a cap reached, a quota',
    },
  },
});

/** Beside any job type's result when its document is an e-mail. */
export const mailResultProperties = {
  attachments: {
    type: 'array',
    items: ref('EmailAttachment'),
    description: 'E-mails: every attachment (inline images only with options.email.inlineImages)',
  },
  attachmentsNote: {
    type: 'string',
    description: 'E-mails: a cap on attachments per e-mail (count or size) was reached',
  },
} as const;

export const emailOption = {
  type: 'object',
  additionalProperties: false,
  properties: {
    inlineImages: {
      type: 'boolean',
      default: false,
      description: 'true: pictures shown in the body become child jobs too (else they are left out)',
    },
  },
  description: 'E-mails: how attachments become child jobs',
} as const;
