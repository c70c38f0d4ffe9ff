/**
 * Extraction by an OpenAI-compatible model: each chunk of the document is asked for the schema,
 * the answers are merged and validated again, and each field's confidence and evidence come from
 * where its value is written in the document.
 */
import type { LlmSettings } from '../../core/config.ts';
import { permanent } from '../../core/errors.ts';
import { validatorFor } from '../extract/schema-check.ts';
import type { ExtractionOutput, ExtractionRequest } from '../extract/types.ts';
import type { ParsedDocument } from '../types.ts';
import { LlmSession } from './chat-client.ts';
import { chunkDocument } from './document-chunks.ts';
import { type ChunkAnswer, mergeAnswers } from './merge-answers.ts';
import { answerSchemaOf } from './model-schema.ts';
import { extractionMessages } from './prompts.ts';
import { askForJson } from './structured-call.ts';
import type { LlmRun } from './types.ts';
import { confidenceAndEvidence } from './value-evidence.ts';

export async function extractWithLlm(
  settings: LlmSettings,
  document: ParsedDocument,
  request: ExtractionRequest,
  signal: AbortSignal,
): Promise<LlmRun<ExtractionOutput>> {
  const session = new LlmSession(settings, signal);
  const schema = answerSchemaOf(request.schema);
  const chunks = chunkDocument(document, settings.maxChunkChars);
  const answers: ChunkAnswer[] = [];
  // One chunk after the other: local servers (Ollama, llama.cpp) answer one request at a time
  // anyway, and a hosted endpoint's rate limit is not spent in a burst.
  for (const chunk of chunks) {
    const messages = extractionMessages(chunk, chunks.length, request.prompt);
    answers.push({ chunk, data: await askForJson(session, { name: 'extraction', schema, messages }) });
  }
  const data = answers.length === 1 ? answers[0]!.data : mergeAnswers(answers);
  const { valid, errors } = validatorFor(schema)(data);
  if (!valid) {
    const faults = errors.slice(0, 5).map((error) => `${error.pointer || '(root)'}: ${error.message}`);
    throw permanent('EXTRACTION_ERROR', `the merged answers do not fit the schema: ${faults.join('; ')}`);
  }
  return {
    output: { data, ...confidenceAndEvidence(data, document) },
    usage: session.usage,
    exchanges: session.exchanges,
    model: session.model,
  };
}
