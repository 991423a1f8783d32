import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, type Authenticated } from '../services/auth.ts';
import type { Actor, ServiceContext } from '../services/context.ts';
import { AppError } from '../services/errors.ts';

export const SESSION_COOKIE = 'luoshi_session';
export const CSRF_COOKIE = 'luoshi_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | null;
    /** How the request authenticated: cookie-authenticated writes need the CSRF header. */
    authVia: 'cookie' | 'bearer' | null;
  }
  interface FastifyContextConfig {
    /** 'public': no login; 'user' (default): a valid session is required. */
    access?: 'public' | 'user';
  }
}

/** Constant-time comparison of two secrets. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearer(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ?? null;
}

/** Resolve the session (cookie or bearer token) and enforce login and CSRF per route. */
export function authHook(ctx: ServiceContext) {
  return async function onAuth(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    request.auth = null;
    request.authVia = null;
    const fromBearer = bearer(request);
    const fromCookie = request.cookies[SESSION_COOKIE];
    const token = fromBearer ?? fromCookie ?? null;
    if (token !== null && token.length <= 200) {
      request.auth = await authenticate(ctx, token);
      if (request.auth) request.authVia = fromBearer !== null ? 'bearer' : 'cookie';
    }
    const access = request.routeOptions.config.access ?? 'user';
    if (access === 'public') return;
    if (!request.auth) {
      throw new AppError(401, 'unauthenticated', '请先登录', 'Please log in');
    }
    if (request.authVia === 'cookie' && !SAFE.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !sameSecret(header, request.auth.csrfToken)) {
        throw new AppError(
          403,
          'csrf',
          '安全校验失败：缺少或错误的 x-csrf-token 请求头，请刷新页面后重试',
          'Missing or wrong x-csrf-token header; reload the page and try again',
        );
      }
    }
  };
}

/** The acting user of a route that requires login. */
export function actor(request: FastifyRequest): Actor {
  if (!request.auth) throw new AppError(401, 'unauthenticated', '请先登录', 'Please log in');
  return request.auth.actor;
}
