/** The API's collections beside jobs: extractors and classifiers, cases, the webhook, API keys. */
import type { Query, Transport } from './http.ts';
import { everyItem } from './paging.ts';
import type {
  ApiKey,
  ApiKeyInput,
  Case,
  CaseDeleteResult,
  CaseInput,
  CasePage,
  CreatedApiKey,
  Delivery,
  DeliveryPage,
  DeliveryQuery,
  PageQuery,
  WebhookSettings,
  WebhookSettingsInput,
  WebhookTestInput,
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
  constructor(http: Transport) {
    this.#http = http;
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
  /** Send a delivery again, with the same webhook-id and body (not a test: send a new one). */
  redeliver(id: string, options: CallOptions = {}): Promise<Delivery> {
    return this.#http.json({
      method: 'POST',
      path: `${at('/v1/webhooks/deliveries', id)}/redeliver`,
      signal: options.signal,
    });
  }

  /**
   * The server sends a signed `webhook.test` event to the organisation's URL (or `input.url`, to
   * try one before saving it) and answers its delivery: `status` delivered or failed,
   * `lastStatusCode`, `lastLatencyMs`, `lastError`. Sent once, from the server's network, with the
   * organisation's secret; a receiver that fails is an answer, not an error.
   */
  test(input: WebhookTestInput = {}, options: CallOptions = {}): Promise<Delivery> {
    return this.#http.json({
      method: 'POST',
      path: '/v1/webhooks/test',
      json: input,
      signal: options.signal,
    });
  }
}

/** /v1/keys: the organisation's API keys. The key itself is only ever in create()'s answer. */
export class KeysApi {
  readonly #http: Transport;
  constructor(http: Transport) {
    this.#http = http;
  }
  /** Oldest first, revoked ones included; `current` marks the key this client uses. */
  async list(options: CallOptions = {}): Promise<ApiKey[]> {
    const { keys } = (await this.#http.json({ method: 'GET', path: '/v1/keys', signal: options.signal })) as {
      keys?: ApiKey[];
    };
    return keys ?? [];
  }
  get(id: string, options: CallOptions = {}): Promise<ApiKey> {
    return this.#http.json({ method: 'GET', path: at('/v1/keys', id), signal: options.signal });
  }
  /** A new key of the organisation: keep `key`, it is not shown again. */
  create(input: ApiKeyInput = {}, options: CallOptions = {}): Promise<CreatedApiKey> {
    return this.#http.json({ method: 'POST', path: '/v1/keys', json: input, signal: options.signal });
  }
  /**
   * Revoke a key. The key this client uses only with `{ self: true }` (else KEY_IN_USE); the
   * organisation's last usable key never (LAST_KEY).
   */
  revoke(id: string, options: CallOptions & { self?: boolean } = {}): Promise<ApiKey> {
    return this.#http.json({
      method: 'DELETE',
      path: at('/v1/keys', id),
      query: options.self ? { self: true } : undefined,
      signal: options.signal,
    });
  }
}
