import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const API_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** Security headers on every answer; caching rules and ETag / If-None-Match on GETs. */
export function registerHttpHooks(app: FastifyInstance): void {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', API_CSP);
    const isGet = request.method === 'GET' || request.method === 'HEAD';
    if (!isGet) {
      reply.header('cache-control', 'no-store');
      return payload;
    }
    const isPublic = request.routeOptions.config.access === 'public';
    if (!reply.hasHeader('cache-control')) {
      reply.header(
        'cache-control',
        isPublic && reply.statusCode < 400
          ? 'public, max-age=60, stale-while-revalidate=300'
          : 'private, no-cache',
      );
    }
    // Added to what the route varies on already (static files: Accept-Encoding of their .br/.gz copies).
    const vary = isPublic ? 'Accept-Language' : 'Cookie, Authorization, Accept-Language';
    const prior = reply.getHeader('vary');
    reply.header('vary', typeof prior === 'string' && prior !== '' ? `${prior}, ${vary}` : vary);
    if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload)))
      return payload;
    // A route that answered from a validator (sendValidated) set its own ETag: no need to hash the body.
    const preset = reply.getHeader('etag');
    const etag =
      typeof preset === 'string'
        ? preset
        : `W/"${crypto.createHash('sha1').update(payload).digest('base64url')}"`;
    reply.header('etag', etag);
    const inm = request.headers['if-none-match'];
    if (typeof inm === 'string' && inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
      reply.code(304);
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  });
}

/** A small least-recently-used map (Map keeps insertion order: a hit moves the key to the end). */
export class LruCache {
  private readonly map = new Map<string, string>();
  private chars = 0;
  /** At most `capacity` entries and `maxChars` characters of values in all. */
  constructor(
    readonly capacity: number,
    readonly maxChars = 32 * 1024 * 1024,
  ) {}
  get size(): number {
    return this.map.size;
  }
  get(key: string): string | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }
  set(key: string, value: string): void {
    this.delete(key);
    if (value.length > this.maxChars) return;
    this.map.set(key, value);
    this.chars += value.length;
    while (this.map.size > this.capacity || this.chars > this.maxChars) {
      this.delete(this.map.keys().next().value as string);
    }
  }
  private delete(key: string): void {
    const old = this.map.get(key);
    if (old === undefined) return;
    this.chars -= old.length;
    this.map.delete(key);
  }
}

/**
 * Answer a GET whose body is a function of a cheap validator `tag` (read from the database before
 * building anything): a matching If-None-Match gets 304 at once; otherwise the serialised body comes
 * from `cache` (keyed by route and tag) or from `produce` (services/view-snapshots.ts: a stored
 * snapshot or a fresh build) and is kept. The ETag is derived from the tag, so every server process
 * on the same database agrees.
 */
export async function sendValidated(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: LruCache,
  tag: string,
  produce: () => Promise<string>,
): Promise<FastifyReply> {
  const key = `${request.routeOptions.url ?? ''} ${tag}`;
  const etag = `W/"v-${crypto.createHash('sha1').update(key).digest('base64url')}"`;
  void reply.header('etag', etag);
  const inm = request.headers['if-none-match'];
  if (typeof inm === 'string' && inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    return reply.code(304).send();
  }
  let body = cache.get(key);
  if (body === undefined) {
    body = await produce();
    cache.set(key, body);
  }
  return reply.type('application/json; charset=utf-8').send(body);
}

/** An attachment header with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Answer with a file to download: its type, an attachment header with its (UTF-8) name, its bytes. */
export function sendDownload(
  reply: FastifyReply,
  contentType: string,
  file: { fileName: string; bytes: Buffer | Uint8Array },
  headers: Record<string, string> = {},
): FastifyReply {
  void reply
    .header('content-type', contentType)
    .header('content-disposition', contentDisposition(file.fileName));
  for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
  return reply.send(file.bytes);
}

export const pageQuerySchema = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
} as const;

export type PageQuery = { limit: number; offset: number };

/** One page of a list the service reads whole (small per-tenant or per-task lists). */
export function slicePage<T>(
  all: readonly T[],
  q: PageQuery,
): { items: T[]; total: number; limit: number; offset: number } {
  return {
    items: all.slice(q.offset, q.offset + q.limit),
    total: all.length,
    limit: q.limit,
    offset: q.offset,
  };
}

export const idParam = (name: string) =>
  ({
    type: 'object',
    required: [name],
    properties: { [name]: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } },
  }) as const;

export const errorResponse = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        messageEn: { type: 'string' },
        details: {},
      },
    },
  },
} as const;
