/** What an LLM run gives back besides its output: what it cost and what was said, for the job's trace. */

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Chat completions that were answered (2xx); retried failures are not counted, but are in the exchanges. */
  calls: number;
}

/** One HTTP request to the endpoint and its answer. Never holds the API key. */
export interface LlmExchange {
  /** ISO time the request was sent. */
  at: string;
  ms: number;
  /** The JSON body sent (model, messages, response_format …). */
  request: unknown;
  /** The parsed JSON answer, its text when it was not JSON, or null when no answer came. */
  response: unknown;
  /** HTTP status; 0 when no answer came (timeout, connection refused). */
  status: number;
}

export interface LlmRun<T> {
  output: T;
  usage: LlmUsage;
  exchanges: LlmExchange[];
  /** The model that answered, as the endpoint names it (e.g. gpt-4o-2024-08-06), else the configured one. */
  model: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}
