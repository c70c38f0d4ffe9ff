/** The renderings GET /v1/jobs/{id}/result offers (`?format=`); the CLI checks `--format` against them before it uploads. */
export const resultFormats = ['json', 'markdown', 'text', 'jsonl', 'csv', 'html'] as const;
export type ResultFormat = (typeof resultFormats)[number];
