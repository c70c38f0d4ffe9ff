/**
 * Reading what an OpenAI-compatible endpoint (chat completions, embeddings) answered when it did
 * not answer as asked: its message, the key it may echo back, the network failure under fetch's.
 */

/** JSON when it is, else the text as it came. */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Some servers echo the key back in a 401's message; it must not reach an error or the trace. */
export function redact(text: string, apiKey: string | null): string {
  return apiKey ? text.replaceAll(apiKey, '[redacted]') : text;
}

/** OpenAI and vLLM: {error: {message}}; llama.cpp: {error: {message}} or {error: "…"}; others: text. */
export function serverMessage(body: unknown, maxChars = 500): string {
  const record = body as { error?: unknown; message?: unknown; detail?: unknown } | null;
  const error = record?.error as { message?: unknown } | string | undefined;
  const message =
    (typeof error === 'string' ? error : error?.message) ?? record?.message ?? record?.detail ?? body;
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  return (text ?? '').slice(0, maxChars) || 'no message';
}

/** What went wrong under fetch's "fetch failed": ECONNREFUSED, ENOTFOUND, a TLS error … */
export function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
