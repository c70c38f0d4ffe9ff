import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { emptySha256, type S3Credentials, sha256Hex, signRequest, uriEncode } from './s3-sigv4.ts';

export interface S3Settings {
  bucket: string;
  /** Prepended to every key, without slashes at either end; '' for the bucket's root. */
  prefix: string;
  region: string;
  /** e.g. http://127.0.0.1:9000 (MinIO), https://ACCOUNT.r2.cloudflarestorage.com; null: AWS. */
  endpoint: string | null;
  credentials: S3Credentials;
}

export class S3Error extends Error {
  override name = 'S3Error';
  readonly status: number;
  readonly code: string;
  constructor(operation: string, key: string, status: number, code: string, detail: string) {
    const hint =
      code === 'SignatureDoesNotMatch' || code === 'InvalidAccessKeyId'
        ? ' (check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)'
        : '';
    super(
      `S3 ${operation} ${key || '(bucket)'} failed: ${status} ${code}${detail ? `: ${detail}` : ''}${hint}`,
    );
    this.status = status;
    this.code = code;
  }
}

export interface S3Request {
  /** S3's name for it (PutObject, ListObjectsV2 …), for error messages. */
  operation: string;
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** The whole object key, prefix included; '' for a request on the bucket. */
  key: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Statuses that are answers rather than failures (404 for HeadObject). */
  accept?: number[];
}

export interface S3Reply {
  status: number;
  headers: IncomingHttpHeaders;
  /** S3's replies other than GetObject's are small XML documents, read whole. */
  text: string;
}

export interface S3Client {
  send(request: S3Request): Promise<S3Reply>;
  /** The body as a stream, for GetObject. */
  open(request: S3Request): Promise<IncomingMessage>;
}

/**
 * One signed request per call. With an endpoint the bucket goes in the path (MinIO and most
 * self-hosted servers only speak path style); on AWS it goes in the host name.
 * node:http rather than fetch: fetch copies a byte body before sending it (the spec says so), an
 * extra 8 MiB of garbage per part that, in a 20 MiB upload, left the RSS 48 MiB higher.
 */
export function createS3Client(settings: S3Settings): S3Client {
  const endpoint = settings.endpoint
    ? new URL(settings.endpoint)
    : new URL(`https://${settings.bucket}.s3.${settings.region}.amazonaws.com`);
  const base = settings.endpoint
    ? `${endpoint.pathname.replace(/\/$/, '')}/${uriEncode(settings.bucket)}`
    : '';

  async function open(request: S3Request): Promise<IncomingMessage> {
    const url = new URL(endpoint);
    url.pathname = request.key ? `${base}/${request.key.split('/').map(uriEncode).join('/')}` : base || '/';
    // Built by hand, encoded the way it is signed: URLSearchParams would write a space as '+'.
    url.search = Object.entries(request.query ?? {})
      .map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`)
      .join('&');
    const body = request.body;
    const headers = signRequest(
      {
        method: request.method,
        url,
        headers: request.headers,
        payloadHash: body ? sha256Hex(body) : emptySha256,
        region: settings.region,
      },
      settings.credentials,
    );
    if (body) headers['content-length'] = String(body.byteLength);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http;
      transport.request(url, { method: request.method, headers }, resolve).on('error', reject).end(body);
    });
    const status = response.statusCode ?? 0;
    if ((status >= 200 && status < 300) || request.accept?.includes(status)) return response;
    const text = await readText(response);
    const code = xmlValues(text, 'Code')[0] ?? (response.statusMessage || 'Error');
    throw new S3Error(request.operation, request.key, status, code, xmlValues(text, 'Message')[0] ?? '');
  }

  return {
    open,
    async send(request) {
      const response = await open(request);
      return { status: response.statusCode!, headers: response.headers, text: await readText(response) };
    },
  };
}

async function readText(stream: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of every `<tag>` element: S3's replies are flat enough not to need an XML parser. */
export function xmlValues(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g');
  return [...xml.matchAll(pattern)].map((match) =>
    match[1]!.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name, dec, hex) =>
      dec
        ? String.fromCodePoint(Number(dec))
        : hex
          ? String.fromCodePoint(parseInt(hex, 16))
          : entities[name]!,
    ),
  );
}

export const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&${Object.keys(entities).find((name) => entities[name] === c)};`);
