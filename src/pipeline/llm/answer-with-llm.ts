/**
 * A free question about a document. A long document is asked chunk by chunk, then one more call
 * combines the partial answers (map-reduce), so no page is left unread.
 */
import type { LlmSettings } from '../../core/config.ts';
import type { ParsedDocument } from '../types.ts';
import { LlmSession, postChat, refusal } from './chat-client.ts';
import { chunkDocument } from './document-chunks.ts';
import { combiningMessages, questionMessages } from './prompts.ts';
import { messageText } from './structured-call.ts';
import type { ChatMessage, LlmRun } from './types.ts';

export async function answerWithLlm(
  settings: LlmSettings,
  document: ParsedDocument,
  prompt: string,
  signal: AbortSignal,
): Promise<LlmRun<{ answer: string }>> {
  const session = new LlmSession(settings, signal);
  const chunks = chunkDocument(document, settings.maxChunkChars);
  const partials: { chunk: (typeof chunks)[number]; answer: string }[] = [];
  for (const chunk of chunks) {
    partials.push({ chunk, answer: await say(session, questionMessages(chunk, chunks.length, prompt)) });
  }
  const answer =
    partials.length === 1 ? partials[0]!.answer : await say(session, combiningMessages(partials, prompt));
  return { output: { answer }, usage: session.usage, exchanges: session.exchanges, model: session.model };
}

async function say(session: LlmSession, messages: ChatMessage[]): Promise<string> {
  const reply = await postChat(session, { messages });
  if (reply.status >= 300) throw refusal(reply);
  const message = (reply.body as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0]
    ?.message;
  // Reasoning models served by Ollama or vLLM may put their thinking in the content.
  return messageText(message?.content)
    .replace(/<think>[\s\S]*?<\/think>/g, '')
    .trim();
}
