/**
 * A `generate` job's options and result for /openapi.json (documentation only:
 * core/generate-options.ts checks the options and says how to fix a bad one).
 */
import { generateLimits, generatePageSizes, templateFormats } from '../../core/generate-options.ts';
import { component } from './registry.ts';

component('GenerateOptions', {
  type: 'object',
  description:
    'options of a generate job: a template (here, or the uploaded file as the job\'s document) with {{placeholders}} filled from `data`, drawn as a PDF in embedded fonts (Liberation Sans) with "Page N of M" at each foot. Template language: {{path.to.value}} (HTML-escaped), {{{raw}}}, {{#each items}}…{{else}}…{{/each}} (this, @index, @number, @first, @last, ../parent), {{#if x}}…{{else}}…{{/if}}, {{#unless x}}, {{! comment}}. Markup: headings, paragraphs, **bold**/*italic*, lists, tables, rules, page breaks (\\pagebreak, <!-- pagebreak -->, page-break-before/after: always)',
  additionalProperties: false,
  properties: {
    template: {
      type: 'string',
      minLength: 1,
      maxLength: generateLimits.templateChars,
      description: 'Markdown or HTML with {{placeholders}}; absent when the template is the uploaded file',
    },
    templateFormat: {
      type: 'string',
      enum: [...templateFormats],
      description: "Default: from the file's name or type, else html when the template starts with a tag",
    },
    data: { type: 'object', additionalProperties: true, description: 'The values the placeholders name' },
    pageSize: { type: 'string', enum: [...generatePageSizes], default: 'A4' },
    pageNumbers: { type: 'boolean', default: true, description: '"Page N of M" at the foot of each page' },
    title: { type: ['string', 'null'], maxLength: 500, description: "The PDF's document title" },
  },
});

component('GenerateResult', {
  type: 'object',
  description:
    'GET /v1/jobs/{id}/result of a generate job (?format=json). The PDF: GET /v1/jobs/{id}/output; its parsed pages are what jobs with dependsOn on this one read',
  additionalProperties: false,
  required: ['type', 'pages', 'format', 'missing', 'replaced', 'fonts', 'outputBytes'],
  properties: {
    type: { type: 'string', enum: ['generate'] },
    pages: { type: 'integer', description: 'Pages of the PDF' },
    format: { type: 'string', enum: [...templateFormats], description: 'How the template was read' },
    missing: {
      type: 'array',
      items: { type: 'string' },
      description: 'Placeholders the data has no value for, written as nothing (under a loop: "items[].sku")',
    },
    replaced: {
      type: 'array',
      items: { type: 'string' },
      description: 'Characters the embedded font has no glyph for, written as "?"',
    },
    fonts: { type: 'array', items: { type: 'string' }, description: 'The fonts embedded in the PDF' },
    outputBytes: { type: 'integer' },
  },
});
