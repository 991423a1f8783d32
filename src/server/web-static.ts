import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

const MISSING_BUILD = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>落实 Luoshi</title>
<body style="font-family:sans-serif;padding:2rem"><h1>网页端尚未构建</h1>
<p>请先运行 <code>npm run build:web</code>。The web app is not built yet: run <code>npm run build:web</code>.</p>
<p><a href="/api/docs">API 文档 / API docs</a></p></body></html>`;

/**
 * Serve the built React app (vite output in `root`) and answer every other non-/api GET with its
 * index.html, so client-side routes survive a reload. Hashed assets are cached for a year; the
 * index is never cached. Unknown /api paths keep the API's JSON 404.
 */
export async function registerWebApp(app: FastifyInstance, options: { root: string }): Promise<void> {
  const root = path.resolve(options.root);
  const indexPath = path.join(root, 'index.html');
  const built = fs.existsSync(indexPath);
  if (built) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      index: false,
      serve: true,
      // The build writes .br and .gz copies of its text assets (vite.config.ts): sent when accepted.
      preCompressed: true,
      setHeaders: (reply, filePath) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        void reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const sendIndex = async (reply: FastifyReply): Promise<FastifyReply> => {
    if (!built)
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(MISSING_BUILD);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(await fs.promises.readFile(indexPath));
  };
  app.get('/', { schema: { hide: true } }, async (request, reply) => sendIndex(reply));
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const url = request.url;
    // The API and its docs keep their own 404s; a missing asset is a plain 404, not the app.
    if (url.startsWith('/api/') || url === '/api' || url.startsWith('/assets/')) {
      return reply.callNotFound();
    }
    return sendIndex(reply);
  });
}
