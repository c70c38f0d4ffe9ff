/**
 * Agent fill with the LLM engine: the model reads the blanks found on the form (their labels, in
 * reading order, with their page) and the data's keys, and says which blank each key goes to. It
 * decides the mapping only; where and how the value is written stays ours (agent-fill.ts), so a
 * model cannot write outside a blank. An answer naming a blank that does not exist, one that cannot
 * take the value, or one already taken is dropped, and the built-in matcher is not consulted: the
 * model's "no blank" is its answer.
 */
import type { LlmSettings } from '../../core/config.ts';
import { LlmSession } from '../llm/chat-client.ts';
import { askForJson } from '../llm/structured-call.ts';
import type { LlmRun } from '../llm/types.ts';
import { type BlankMapper, fits } from './agent-fill.ts';
import type { Blank } from './blank-finder.ts';
import type { DataEntry } from './fill-data.ts';

/** Characters of a value shown to the model: enough to tell a date from a name. */
const sampleLength = 40;

/** A mapper that asks the model, and the run (usage, exchanges) for the job's trace once it has run. */
export function llmMapper(
  settings: LlmSettings,
  signal: AbortSignal,
): { map: BlankMapper; run: () => LlmRun<null> | null } {
  let session: LlmSession | null = null;
  const map: BlankMapper = async (blanks, entries) => {
    if (blanks.length === 0 || entries.length === 0) return new Map();
    session = new LlmSession(settings, signal);
    const keys = entries.map((entry) => entry.key);
    const schema = {
      type: 'object',
      properties: Object.fromEntries(
        keys.map((key) => [
          key,
          { type: ['integer', 'null'], description: `the blank number for ${key}, or null` },
        ]),
      ),
      required: keys,
      additionalProperties: false,
    };
    const answer = await askForJson(session, {
      name: 'form_mapping',
      schema,
      messages: [
        {
          role: 'system',
          content:
            'You fill in a printed form. Each blank on it has a number and the label printed next to it. Say which blank each data key belongs in: the blank whose label asks for that value. Use a blank for one key at most; answer null for a key no blank asks for. A checkbox blank takes yes/no values.',
        },
        { role: 'user', content: mappingPrompt(blanks, entries) },
      ],
    });
    return settleAnswer(answer, blanks, entries);
  };
  const run = () =>
    session
      ? { output: null, usage: session.usage, exchanges: session.exchanges, model: session.model }
      : null;
  return { map, run };
}

export function mappingPrompt(blanks: readonly Blank[], entries: readonly DataEntry[]): string {
  const blankLines = blanks.map(
    (blank, n) => `${n}. page ${blank.page}, ${blank.kind}: ${JSON.stringify(blank.label)}`,
  );
  const keyLines = entries.map((entry) => {
    const sample = JSON.stringify(entry.value) ?? 'null';
    const hint = entry.hints.length > 0 ? ` (${entry.hints.join('; ')})` : '';
    return `- ${entry.key}${hint}: ${sample.length > sampleLength ? `${sample.slice(0, sampleLength)}…` : sample}`;
  });
  return `Blanks on the form:\n${blankLines.join('\n')}\n\nData keys, with their values:\n${keyLines.join('\n')}`;
}

/** The model's answer, keeping only blanks that exist, fit the value and are not taken twice. */
export function settleAnswer(
  answer: Record<string, unknown>,
  blanks: readonly Blank[],
  entries: readonly DataEntry[],
): Map<number, number> {
  const mapping = new Map<number, number>();
  const taken = new Set<number>();
  for (const [index, entry] of entries.entries()) {
    const blank = answer[entry.key];
    if (typeof blank !== 'number' || !Number.isInteger(blank) || !blanks[blank] || taken.has(blank)) continue;
    if (!fits(entry, blanks[blank]!)) continue;
    taken.add(blank);
    mapping.set(index, blank);
  }
  return mapping;
}
