/** A small text/event-stream client over fetch, for tests against a listening server. */
export interface SseEvent {
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read fields freely
  data: any;
}

export class SseClient {
  readonly status: number;
  readonly contentType: string | null;
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  /** Resolves when the server ends the stream (or the client aborts it). */
  readonly ended: Promise<void>;
  #endedByServer = false;
  readonly #abort: AbortController;

  private constructor(response: Response, abort: AbortController) {
    this.status = response.status;
    this.contentType = response.headers.get('content-type');
    this.#abort = abort;
    this.ended = this.#read(response);
  }

  static async open(url: string, headers: Record<string, string>): Promise<SseClient> {
    const abort = new AbortController();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: abort.signal,
    });
    return new SseClient(response, abort);
  }

  get endedByServer(): boolean {
    return this.#endedByServer;
  }

  ofJob(id: string): SseEvent[] {
    return this.events.filter((event) => event.data?.id === id);
  }

  /** Waits until an event matching `predicate` has arrived (already or later). */
  async waitFor(predicate: (event: SseEvent) => boolean, seconds = 60): Promise<SseEvent> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no such event in time; got ${JSON.stringify(this.events.map((e) => e.event))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.#abort.abort();
  }

  async #read(response: Response): Promise<void> {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          this.#endedByServer = true;
          return;
        }
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          this.#parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by close()
    }
  }

  #parse(block: string): void {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) this.events.push({ event, data: JSON.parse(data.join('\n')) });
  }
}
