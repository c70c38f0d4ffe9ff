/**
 * Asks for a JSON object that fits a schema, the best way the endpoint allows:
 * 1. `response_format: json_schema` (OpenAI, vLLM, llama.cpp ≥ b4000, Ollama ≥ 0.5): decoding is
 *    constrained to the schema.
 * 2. `response_format: json_object` (older vLLM and llama.cpp answer 1. with a 400): valid JSON only.
 * 3. No response_format, for servers that refuse both.
 * The schema is in the prompt in every mode (a grammar constrains tokens, but the model only reads
 * the field descriptions there), and every answer is validated: one repair round sends the errors back.
 * Which mode an endpoint took is remembered for the life of the process.
 */
import { permanent } from '../../core/errors.ts';
import { validatorFor } from '../extract/schema-check.ts';
import type { JsonSchema } from '../extract/types.ts';
import { type ChatReply, type LlmSession, postChat, refusal } from './chat-client.ts';
import { fillMissing, modelSchemaOf } from './model-schema.ts';
import type { ChatMessage } from './types.ts';

const modes = ['json_schema', 'json_object', 'prompt'] as const;
type Mode = (typeof modes)[number];

/** By `${baseUrl} ${model}`: the first mode the endpoint did not refuse. */
const modeOfEndpoint = new Map<string, Mode>();

/** What older servers say when they do not know a response_format (status 400, 422 or 501). */
const refusesFormat = /response_format|json_schema|json_object|structured output|grammar/i;

export interface JsonQuestion {
  /** Names the schema for the endpoint: letters, digits, _ and -. */
  name: string;
  /** What the answer must validate against (see answerSchemaOf). */
  schema: JsonSchema;
  /** The system message first; the schema is appended to it. */
  messages: ChatMessage[];
}

/** The validated answer, with properties the model left out set to null. */
export async function askForJson(
  session: LlmSession,
  question: JsonQuestion,
): Promise<Record<string, unknown>> {
  const { schema: modelSchema, strict } = modelSchemaOf(question.schema);
  const endpoint = `${session.settings.baseUrl} ${session.settings.model}`;
  const messages = withSchema(question.messages, modelSchema);
  let mode = modeOfEndpoint.get(endpoint) ?? 'json_schema';
  const formatFor = (current: Mode): { response_format?: Record<string, unknown> } => {
    if (current === 'json_schema') {
      return {
        response_format: {
          type: 'json_schema',
          json_schema: { name: question.name, schema: modelSchema, strict },
        },
      };
    }
    return current === 'json_object' ? { response_format: { type: 'json_object' } } : {};
  };

  const ask = async (conversation: ChatMessage[]): Promise<ChatReply> => {
    for (;;) {
      const reply = await postChat(session, { messages: conversation, ...formatFor(mode) });
      if (reply.status < 300) {
        modeOfEndpoint.set(endpoint, mode);
        return reply;
      }
      const next = modes[modes.indexOf(mode) + 1];
      if (
        !next ||
        ![400, 422, 501].includes(reply.status) ||
        !refusesFormat.test(JSON.stringify(reply.body))
      ) {
        throw refusal(reply);
      }
      mode = next;
    }
  };

  const first = judge(await ask(messages), question.schema);
  if (first.errors.length === 0) return first.data;
  const repair: ChatMessage[] = [
    ...messages,
    { role: 'assistant', content: first.content },
    {
      role: 'user',
      content:
        'That answer does not fit the JSON Schema:\n' +
        first.errors.join('\n') +
        '\nAnswer again with the corrected JSON object only. Use null for anything the document does not say.',
    },
  ];
  const second = judge(await ask(repair), question.schema);
  if (second.errors.length === 0) return second.data;
  throw permanent(
    'EXTRACTION_ERROR',
    `the model's answer does not fit the schema, even after a repair round: ${second.errors.slice(0, 5).join('; ')}`,
  );
}

function withSchema(messages: ChatMessage[], schema: JsonSchema): ChatMessage[] {
  const [system, ...rest] = messages;
  const instruction =
    'Answer with one JSON object and nothing else (no prose, no code fences). It must validate against this JSON Schema:\n' +
    JSON.stringify(schema);
  return [{ role: 'system', content: `${system?.content ?? ''}\n\n${instruction}`.trim() }, ...rest];
}

interface Judged {
  data: Record<string, unknown>;
  /** `pointer: message` lines; empty when the answer is valid. */
  errors: string[];
  content: string;
}

function judge(reply: ChatReply, schema: JsonSchema): Judged {
  const choice = (
    reply.body as { choices?: { message?: Record<string, unknown>; finish_reason?: unknown }[] } | null
  )?.choices?.[0];
  const message = choice?.message;
  if (typeof message?.refusal === 'string' && message.refusal !== '') {
    throw permanent('EXTRACTION_ERROR', `the model refused to answer: ${message.refusal.slice(0, 300)}`);
  }
  const content = messageText(message?.content);
  const parsed = parseJsonObject(content);
  if (parsed === null) {
    // A long list can outrun the server's default token limit (Ollama's num_predict, max_tokens).
    const why =
      choice?.finish_reason === 'length' ? 'was cut off at the token limit' : 'is not a JSON object';
    return { data: {}, errors: [`(root): the answer ${why}`], content };
  }
  const data = fillMissing(parsed, schema) as Record<string, unknown>;
  const { errors } = validatorFor(schema)(data);
  return { data, errors: errors.map((error) => `${error.pointer || '(root)'}: ${error.message}`), content };
}

/** Chat content is a string, or (some servers) a list of parts with text. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
  }
  return '';
}

/**
 * The JSON object in a model's answer, forgiving what models add around it in JSON mode:
 * a reasoning block (<think>…</think> from Qwen and DeepSeek via Ollama), code fences, a sentence.
 */
function parseJsonObject(content: string): Record<string, unknown> | null {
  const text = content.replace(/<think>[\s\S]*?<\/think>/g, '').trim();
  const candidates = [
    text,
    text.replace(/^```(?:json)?\s*|\s*```$/g, ''),
    text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1),
  ];
  for (const candidate of candidates) {
    try {
      const value: unknown = JSON.parse(candidate);
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        return value as Record<string, unknown>;
    } catch {
      // try the next reading
    }
  }
  return null;
}
