/** The API's collections beside jobs: extractors and classifiers, cases, the webhook. */
import { DocjobsError } from './errors.ts';
import { pause, type Query, type Transport } from './http.ts';
import { everyItem } from './paging.ts';
import type {
  Case,
  CaseDeleteResult,
  CaseInput,
  CasePage,
  Delivery,
  DeliveryPage,
  DeliveryQuery,
  PageQuery,
  WebhookSettings,
  WebhookSettingsInput,
} from './types.ts';

interface CallOptions {
  signal?: AbortSignal;
}

const at = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;

/** /v1/extractors and /v1/classifiers: versioned definitions, the same routes for both. */
export class DefinitionsApi<
  Item,
  Input,
  Changes,
  Deleted,
  Page extends { hasMore?: boolean; nextCursor?: string | null },
> {
  readonly #http: Transport;
  readonly #base: string;
  constructor(http: Transport, base: string) {
    this.#http = http;
    this.#base = base;
  }

  create(input: Input, options: CallOptions = {}): Promise<Item> {
    return this.#http.json({ method: 'POST', path: this.#base, json: input, signal: options.signal });
  }
  get(id: string, options: CallOptions = {}): Promise<Item> {
    return this.#http.json({ method: 'GET', path: at(this.#base, id), signal: options.signal });
  }
  /** Replace every field: a new version, unless nothing changed. */
  replace(id: string, input: Input, options: CallOptions = {}): Promise<Item> {
    return this.#http.json({ method: 'PUT', path: at(this.#base, id), json: input, signal: options.signal });
  }
  /** Change some fields: a new version, unless nothing changed. */
  update(id: string, changes: Changes, options: CallOptions = {}): Promise<Item> {
    return this.#http.json({
      method: 'PATCH',
      path: at(this.#base, id),
      json: changes,
      signal: options.signal,
    });
  }
  delete(id: string, options: CallOptions = {}): Promise<Deleted> {
    return this.#http.json({ method: 'DELETE', path: at(this.#base, id), signal: options.signal });
  }
  listPage(query: PageQuery = {}, options: CallOptions = {}): Promise<Page> {
    return this.#http.json({
      method: 'GET',
      path: this.#base,
      query: query as Query,
      signal: options.signal,
    });
  }
  /** Every definition at its current version, newest first. */
  list(options: CallOptions & { limit?: number } = {}): AsyncGenerator<Item> {
    const name = this.#base.split('/').pop()!;
    return everyItem(
      (cursor) => this.listPage({ limit: options.limit, cursor }, options),
      (page) => (page as Record<string, unknown>)[name] as Item[] | undefined,
    );
  }
  /** The versions of one definition, newest first. */
  versions(
    id: string,
    query: { limit?: number; offset?: number } = {},
    options: CallOptions = {},
  ): Promise<Page> {
    return this.#http.json({
      method: 'GET',
      path: `${at(this.#base, id)}/versions`,
      query,
      signal: options.signal,
    });
  }
  version(id: string, n: number, options: CallOptions = {}): Promise<Item> {
    return this.#http.json({
      method: 'GET',
      path: `${at(this.#base, id)}/versions/${n}`,
      signal: options.signal,
    });
  }
}

export class CasesApi {
  readonly #http: Transport;
  constructor(http: Transport) {
    this.#http = http;
  }
  create(input: CaseInput, options: CallOptions = {}): Promise<Case> {
    return this.#http.json({ method: 'POST', path: '/v1/cases', json: input, signal: options.signal });
  }
  get(id: string, options: CallOptions = {}): Promise<Case> {
    return this.#http.json({ method: 'GET', path: at('/v1/cases', id), signal: options.signal });
  }
  /** Delete a case with its jobs (their documents, results, rows). */
  delete(id: string, options: CallOptions = {}): Promise<CaseDeleteResult> {
    return this.#http.json({ method: 'DELETE', path: at('/v1/cases', id), signal: options.signal });
  }
  listPage(query: PageQuery = {}, options: CallOptions = {}): Promise<CasePage> {
    return this.#http.json({
      method: 'GET',
      path: '/v1/cases',
      query: query as Query,
      signal: options.signal,
    });
  }
  list(options: CallOptions & { limit?: number } = {}): AsyncGenerator<Case> {
    return everyItem(
      (cursor) => this.listPage({ limit: options.limit, cursor }, options),
      (page) => page.cases as Case[] | undefined,
    );
  }
}

export class WebhooksApi {
  readonly #http: Transport;
  readonly #runTestJob: (signal?: AbortSignal) => Promise<{ id: string }>;
  constructor(http: Transport, runTestJob: (signal?: AbortSignal) => Promise<{ id: string }>) {
    this.#http = http;
    this.#runTestJob = runTestJob;
  }
  /** The organisation's webhook, with its secret (for verifyWebhook). */
  getSettings(options: CallOptions = {}): Promise<WebhookSettings> {
    return this.#http.json({ method: 'GET', path: '/v1/settings/webhook', signal: options.signal });
  }
  /** Set the organisation's webhook (a secret is made when none is given). */
  updateSettings(input: WebhookSettingsInput, options: CallOptions = {}): Promise<WebhookSettings> {
    return this.#http.json({
      method: 'PUT',
      path: '/v1/settings/webhook',
      json: input,
      signal: options.signal,
    });
  }
  /** Remove the organisation's webhook and its secret. */
  async deleteSettings(options: CallOptions = {}): Promise<void> {
    await this.#http.send({ method: 'DELETE', path: '/v1/settings/webhook', signal: options.signal });
  }
  deliveriesPage(query: DeliveryQuery = {}, options: CallOptions = {}): Promise<DeliveryPage> {
    return this.#http.json({
      method: 'GET',
      path: '/v1/webhooks/deliveries',
      query: query as Query,
      signal: options.signal,
    });
  }
  /** Every delivery (newest first) with its attempts. */
  deliveries(
    query: Omit<DeliveryQuery, 'cursor' | 'offset'> = {},
    options: CallOptions = {},
  ): AsyncGenerator<Delivery> {
    return everyItem(
      (cursor) => this.deliveriesPage({ ...query, cursor }, options),
      (page) => page.deliveries as Delivery[] | undefined,
    );
  }
  delivery(id: string, options: CallOptions = {}): Promise<Delivery> {
    return this.#http.json({
      method: 'GET',
      path: at('/v1/webhooks/deliveries', id),
      signal: options.signal,
    });
  }
  /** Send a delivery again, with the same webhook-id and body. */
  redeliver(id: string, options: CallOptions = {}): Promise<Delivery> {
    return this.#http.json({
      method: 'POST',
      path: `${at('/v1/webhooks/deliveries', id)}/redeliver`,
      signal: options.signal,
    });
  }

  /**
   * Sends a real webhook to the organisation's URL and answers its delivery, with the attempt's
   * status code or error. The server has no route that sends a made-up event, so this runs a tiny
   * text job (metadata `docjobsWebhookTest: "true"`) and follows its `job.completed` delivery until
   * it is delivered or its first attempt failed: the whole path (outbox, signing, your receiver).
   */
  async test(options: CallOptions & { timeoutMs?: number } = {}): Promise<Delivery> {
    const settings = await this.getSettings(options);
    if (!settings.url)
      throw new DocjobsError('VALIDATION_ERROR', 'no webhook is set: updateSettings({ url }) first');
    if (settings.events && !settings.events.includes('job.completed')) {
      throw new DocjobsError(
        'VALIDATION_ERROR',
        'the webhook is not sent for job.completed, which the test job sends',
      );
    }
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    const job = await this.#runTestJob(options.signal);
    for (;;) {
      const page = await this.deliveriesPage({ jobId: job.id }, options);
      const delivery = page.deliveries?.[0] as Delivery | undefined;
      // attemptCount counts an attempt when it starts; `attempts` lists those that have ended.
      if (delivery && (delivery.status !== 'pending' || (delivery.attempts?.length ?? 0) > 0))
        return delivery;
      if (Date.now() > deadline) {
        throw new DocjobsError('TIMEOUT', `the test job ${job.id}'s webhook was not attempted in time`);
      }
      await pause(250, options.signal);
    }
  }
}
