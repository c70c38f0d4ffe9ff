/**
 * A `fill` job's options and result for /openapi.json (documentation only: services/fill-task.ts
 * checks the options and says how to fix a bad one; pipeline/forms/fill-document.ts makes the result).
 */
import { fillModes } from '../../core/task.ts';
import { fillLimits } from '../../services/fill-task.ts';
import { readingProperties } from './options.ts';
import { component, ref } from './registry.ts';

component('FillOptions', {
  type: 'object',
  description:
    "options of a fill job: the data, and how the document is read (agent fill reads its words). The document is the upload, or else the first dependsOn job's (an edit or fill job's output, or the PDF it read)",
  additionalProperties: false,
  required: ['data'],
  properties: {
    ...readingProperties,
    data: {
      type: 'object',
      minProperties: 1,
      additionalProperties: true,
      description: `Field name (or options.schema property name) → value: text (string or number), a checkbox (true/false, "Yes"/"No"), a radio group's or a list's option (a list of options for a multi-select list); a nested object names the fields under a parent ("address": {"city": …} → "address.city"). At most ${fillLimits.keys} values`,
    },
    schema: {
      type: 'object',
      additionalProperties: true,
      description:
        "A schema job's schema: data keys are its property names, and each property's `x-field-name` names the form field its value goes to (its title and description help agent fill match labels)",
    },
    flatten: {
      type: 'boolean',
      default: false,
      description: 'Turn the filled fields into page content: the values stay, the fields go',
    },
    mode: {
      type: 'string',
      enum: [...fillModes],
      default: 'auto',
      description:
        "fields: the PDF's AcroForm fields; agent: values written at the blank lines and boxes found next to the printed labels; auto: fields when the PDF has any, else agent",
    },
  },
});

const entry = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'field', 'kind', 'value'],
  properties: {
    key: { type: 'string', description: 'The data key' },
    field: {
      type: 'string',
      description: 'The AcroForm field, or the printed label the value was written next to',
    },
    kind: { type: 'string', enum: ['text', 'checkbox', 'radio', 'choice'] },
    value: { type: ['string', 'boolean'], description: 'What was written, chosen or checked' },
    page: { type: 'integer', minimum: 1 },
    bbox: {
      type: 'array',
      items: { type: 'number' },
      minItems: 4,
      maxItems: 4,
      description: 'Agent fill: where the value was written, [x0, y0, x1, y1] in points from the top-left',
    },
  },
} as const;

component('FillResult', {
  type: 'object',
  description:
    'GET /v1/jobs/{id}/result of a fill job (?format=json): what was filled, skipped and not found. The filled PDF: GET /v1/jobs/{id}/output; its parsed pages are what jobs with dependsOn on this one read',
  additionalProperties: false,
  required: [
    'type',
    'pages',
    'mode',
    'engine',
    'targets',
    'flattened',
    'filled',
    'skipped',
    'notFound',
    'outputBytes',
  ],
  properties: {
    type: { type: 'string', enum: ['fill'] },
    pages: { type: 'integer', description: 'Pages of the filled PDF' },
    mode: { type: 'string', enum: ['fields', 'agent'] },
    engine: {
      type: ['string', 'null'],
      enum: ['builtin', 'llm', null],
      description: 'Agent fill: who mapped the data keys to the labels',
    },
    targets: { type: 'integer', description: "The form's fields, or (agent fill) the blanks found" },
    flattened: { type: 'boolean' },
    filled: { type: 'array', items: ref('FillEntry') },
    skipped: {
      type: 'array',
      description: 'Keys whose field was found but could not take the value',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'field', 'reason'],
        properties: { key: { type: 'string' }, field: { type: 'string' }, reason: { type: 'string' } },
      },
    },
    notFound: {
      type: 'array',
      items: { type: 'string' },
      description: 'Keys that name no field of the form and no label found on its pages',
    },
    outputBytes: { type: 'integer' },
  },
});

component('FillEntry', { description: 'One value written into the form', ...entry });
