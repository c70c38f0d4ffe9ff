/**
 * Classification by an OpenAI-compatible model: it names a label (constrained to the category
 * names) and scores every category. A long document is judged by its first chunk only: what a
 * document is shows on its first pages (title, letterhead, form name), and reading all of a
 * 300-page contract to call it a contract would cost a hundred calls.
 */

import type { LlmSettings } from '../../core/config.ts';
import type { Category, ClassificationOutput } from '../classify/types.ts';
import type { ParsedDocument } from '../types.ts';
import { LlmSession } from './chat-client.ts';
import { chunkDocument } from './document-chunks.ts';
import { classificationMessages } from './prompts.ts';
import { askForJson } from './structured-call.ts';
import type { LlmRun } from './types.ts';

export async function classifyWithLlm(
  settings: LlmSettings,
  document: ParsedDocument,
  categories: Category[],
  prompt: string | null,
  signal: AbortSignal,
): Promise<LlmRun<ClassificationOutput>> {
  const session = new LlmSession(settings, signal);
  const chunks = chunkDocument(document, settings.maxChunkChars);
  const names = [...new Set(categories.map((category) => category.name))];
  // No bounds on a score: a model that answers 85 for 0.85 is rescaled rather than sent to repair.
  const score = { type: 'number' };
  const schema = {
    type: 'object',
    properties: {
      label: { enum: [...names, null] },
      scores: {
        type: 'object',
        properties: Object.fromEntries(names.map((name) => [name, score])),
        required: names,
        additionalProperties: false,
      },
    },
    required: ['label', 'scores'],
    additionalProperties: false,
  };
  const messages = classificationMessages(chunks[0]!, chunks.length, categories, prompt);
  const answer = await askForJson(session, { name: 'classification', schema, messages });
  return {
    output: settle(names, answer.label, answer.scores as Record<string, number>),
    usage: session.usage,
    exchanges: session.exchanges,
    model: session.model,
  };
}

/**
 * The label and scores made consistent. Scores are brought to 0..1 (percentages are divided by 100).
 * The model's label stands when it scored it above zero, else the best-scored category does;
 * a label the model chose but scored 0 gets 0.5 (chosen, not measured).
 */
export function settle(
  names: string[],
  label: unknown,
  scores: Record<string, number>,
): ClassificationOutput {
  const raw = names.map((name) => Math.max(scores[name] ?? 0, 0));
  const top = Math.max(0, ...raw);
  const scale = top <= 1 ? 1 : Math.max(top, 100);
  const settled: Record<string, number> = Object.fromEntries(names.map((name, i) => [name, raw[i]! / scale]));
  const best = names.reduce<string | null>(
    (top, name) => (top === null || settled[name]! > settled[top]! ? name : top),
    null,
  );
  let chosen = typeof label === 'string' && names.includes(label) ? label : null;
  if (best !== null && settled[best]! > 0 && (chosen === null || settled[chosen] === 0)) chosen = best;
  if (chosen !== null && settled[chosen] === 0) settled[chosen] = 0.5;
  return { label: chosen, confidence: chosen === null ? 0 : settled[chosen]!, scores: settled };
}
