import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHttpHooks } from '../../src/server/http.ts';
import { registerWebApp } from '../../src/server/web-static.ts';

/** The built web app is served with its pre-compressed copies (vite.config.ts writes .br and .gz). */
describe('web app static files', () => {
  let app: FastifyInstance;
  let dir: string;
  const js = `console.log(${JSON.stringify('落实'.repeat(2000))});\n`;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-web-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>落实</title>');
    const file = path.join(dir, 'assets', 'app-abc123.js');
    fs.writeFileSync(file, js);
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(js));
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(js));
    app = Fastify();
    registerHttpHooks(app);
    await registerWebApp(app, { root: dir });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, encoding?: string) =>
    app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

  it('sends brotli, then gzip, then the plain file, as the browser accepts, cached for a year', async () => {
    const br = await get('/assets/app-abc123.js', 'gzip, deflate, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(js);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // Shared caches must keep the encodings apart (the security hooks add to Vary, not replace it).
    expect(String(br.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(br.headers['x-content-type-options']).toBe('nosniff');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.rawPayload.length).toBeLessThan(js.length / 10);

    const gz = await get('/assets/app-abc123.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(js);

    const plain = await get('/assets/app-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(js);
  });

  it('client routes get the index, never cached; a missing asset is a 404', async () => {
    const page = await get('/app/dashboard/x', 'br');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>落实</title>');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await get('/assets/missing.js', 'br')).statusCode).toBe(404);
  });
});
