import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import type { ServiceContext } from '../services/context.ts';
import { authHook } from './auth.ts';
import { handleError, handleNotFound } from './errors.ts';
import { registerHttpHooks } from './http.ts';
import { errorAnswers, obj, str } from './schemas.ts';
import { authRoutes } from './routes/auth.ts';
import { decomposeRoutes } from './routes/decompose.ts';
import { directoryRoutes } from './routes/directory.ts';
import { inputRoutes } from './routes/inputs.ts';
import { officeRoutes } from './routes/office.ts';
import { planRoutes } from './routes/plans.ts';
import { promiseRoutes } from './routes/promises.ts';
import { publicRoutes } from './routes/public.ts';
import { supervisionRoutes } from './routes/supervision.ts';
import { startScheduler } from '../services/supervision.ts';
import { startViewRefresher } from '../services/view-snapshots.ts';
import { taskRoutes } from './routes/tasks.ts';
import { workbenchRoutes } from './routes/workbench.ts';

export type AppDeps = {
  ctx: ServiceContext;
  sessionTtlHours?: number;
  secureCookies?: boolean;
  /** Largest JSON body; uploads are limited by ctx.maxUploadBytes. */
  bodyLimit?: number;
  logger?: FastifyServerOptions['logger'];
  trustProxy?: boolean;
  /** Run the supervision scheduler (reminders, webhooks) in this process; several processes may. */
  scheduler?: { intervalMs?: number } | false;
  /** Rebuild stale view snapshots of published plans in the background (services/view-snapshots.ts). */
  viewRefresher?: { intervalMs?: number; budgetMs?: number; settleMs?: number } | false;
  /** Tests only: false serves answers without response schemas (to prove the schemas drop nothing). */
  responseSchemas?: boolean;
};

export const API_PREFIX = '/api/v1';

const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'";

/**
 * The Fastify app: every route under /api/v1, OpenAPI at /api/v1/openapi.json and /api/docs.
 * Does not listen; the caller does (`app.listen`) or tests call `app.inject`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { ctx } = deps;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    trustProxy: deps.trustProxy ?? false,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  });
  app.decorateRequest('auth', null);
  app.decorateRequest('authVia', null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  registerHttpHooks(app);

  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: ctx.maxUploadBytes, files: 1, fields: 10, parts: 12, fieldSize: 10_000 },
    throwFileSizeLimit: true,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '落实 Luoshi API',
        version: '1',
        description:
          '政府工作报告任务分解、进展报送与督查。Cookie sessions (POST /auth/login) with an x-csrf-token header on writes, or a bearer token. Errors are `{ error: { code, message, messageEn } }`; send `Accept-Language: en` for English messages.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'luoshi_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: DOCS_CSP,
    uiConfig: { docExpansion: 'list', deepLinking: false },
  });

  await app.register(
    (api, _opts, done) => {
      api.addHook('onRequest', authHook(ctx));
      // Every route documents the error shape for 4xx/5xx (a route may name its own per status).
      api.addHook('onRoute', (route) => {
        if (!route.schema) return;
        const response = route.schema.response as Record<string, unknown> | undefined;
        route.schema =
          deps.responseSchemas === false
            ? { ...route.schema, response: undefined }
            : { ...route.schema, response: { ...errorAnswers, ...response } };
      });
      api.get(
        '/health',
        {
          config: { access: 'public' },
          schema: {
            tags: ['system'],
            summary: '健康检查 / health check',
            response: { 200: obj({ status: str, database: str, time: str }) },
          },
        },
        async () => {
          await sql`select 1`.execute(ctx.store.db);
          return { status: 'ok', database: ctx.store.dialect, time: ctx.now().toISOString() };
        },
      );
      api.get(
        '/openapi.json',
        { config: { access: 'public' }, schema: { hide: true } },
        (_request, reply) => {
          void reply.send(app.swagger());
        },
      );
      authRoutes(api, {
        ctx,
        sessionTtlHours: deps.sessionTtlHours ?? 12,
        secureCookies: deps.secureCookies ?? false,
      });
      planRoutes(api, { ctx });
      promiseRoutes(api, { ctx });
      taskRoutes(api, { ctx });
      inputRoutes(api, { ctx });
      workbenchRoutes(api, { ctx });
      directoryRoutes(api, { ctx });
      publicRoutes(api, { ctx });
      supervisionRoutes(api, { ctx });
      officeRoutes(api, { ctx });
      decomposeRoutes(api, { ctx });
      done();
    },
    { prefix: API_PREFIX },
  );
  if (deps.scheduler) {
    const stop = startScheduler(ctx, {
      ...(deps.scheduler.intervalMs ? { intervalMs: deps.scheduler.intervalMs } : {}),
      onError: (error) => app.log.error({ err: error }, 'supervision scheduler failed'),
    });
    app.addHook('onClose', stop);
  }
  if (deps.viewRefresher) {
    const stop = startViewRefresher(ctx, {
      ...deps.viewRefresher,
      onError: (error) => app.log.error({ err: error }, 'view snapshot refresh failed'),
    });
    app.addHook('onClose', stop);
  }
  return app;
}
