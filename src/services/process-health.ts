/**
 * What makes this process unfit for work though its database answers: a worker that found its blob
 * store missing a job's document (engine/blob-store-guard.ts). GET /readyz answers 503 with the
 * reasons, so a load balancer or an orchestrator takes it out and an operator sees why.
 */
export class ProcessHealth {
  readonly #faults = new Map<string, string>();

  /** Mark `part` (e.g. "blob store") faulty; the first message is kept. */
  fail(part: string, message: string): void {
    if (!this.#faults.has(part)) this.#faults.set(part, message);
  }

  /** The faults, "part: message"; empty when healthy. */
  faults(): string[] {
    return [...this.#faults].map(([part, message]) => `${part}: ${message}`);
  }
}
