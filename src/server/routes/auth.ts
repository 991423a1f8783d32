import type { FastifyInstance } from 'fastify';
import { login, logout } from '../../services/auth.ts';
import type { ServiceContext } from '../../services/context.ts';
import { AppError } from '../../services/errors.ts';
import { CSRF_COOKIE, sameSecret, SESSION_COOKIE } from '../auth.ts';
import { noContent, sessionSchema } from '../schemas.ts';

export type AuthRouteOptions = { ctx: ServiceContext; sessionTtlHours: number; secureCookies: boolean };

export function authRoutes(app: FastifyInstance, opts: AuthRouteOptions): void {
  const { ctx } = opts;
  const cookieBase = { path: '/', sameSite: 'lax' as const, secure: opts.secureCookies };

  app.post<{ Body: { username: string; password: string } }>(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: '登录 / log in (sets the session cookie)',
        response: { 200: sessionSchema },
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 64 },
            password: { type: 'string', minLength: 1, maxLength: 256 },
          },
        },
      },
    },
    async (request, reply) => {
      const result = await login(ctx, {
        username: request.body.username,
        password: request.body.password,
        address: request.ip,
        ttlHours: opts.sessionTtlHours,
      });
      const expires = new Date(result.expiresAt);
      void reply.setCookie(SESSION_COOKIE, result.token, { ...cookieBase, httpOnly: true, expires });
      void reply.setCookie(CSRF_COOKIE, result.csrfToken, { ...cookieBase, httpOnly: false, expires });
      return { user: result.user, csrfToken: result.csrfToken, expiresAt: result.expiresAt };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: '退出登录 / log out', response: { 204: noContent } },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (request.auth && request.authVia === 'cookie' && token) {
        const header = request.headers['x-csrf-token'];
        if (typeof header !== 'string' || !sameSecret(header, request.auth.csrfToken)) {
          throw new AppError(
            403,
            'csrf',
            '安全校验失败：缺少或错误的 x-csrf-token 请求头',
            'Missing or wrong x-csrf-token header',
          );
        }
        await logout(ctx, token);
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      void reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  // Anonymous visitors are not an error here: the web app asks on every page, public ones included.
  app.get(
    '/auth/me',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: '当前用户（未登录时 user 为 null） / the logged-in user, or { user: null }',
        response: { 200: sessionSchema },
      },
    },
    (request, reply) => {
      void reply.header('cache-control', 'private, no-store');
      const auth = request.auth;
      if (!auth) {
        void reply.send({ user: null });
        return;
      }
      void reply.send({ user: auth.user, csrfToken: auth.csrfToken, expiresAt: auth.expiresAt });
    },
  );
}
