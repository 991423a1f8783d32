// Attacks on the HTTP API, driven by the OpenAPI document so that every route is covered, including routes
// added later: CSRF on every cookie-authenticated write, SQL injection strings in every path parameter and in
// list queries, path traversal in attachment names, oversized and mislabelled uploads, a zip bomb named .docx,
// login brute force, security headers, and audit tampering named by verify-audit. On SQLite and PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect } from 'vitest';
import { verifyAudit } from '../../src/store/audit-repository.ts';
import { makeZip, minimalDocxParts } from '../fixtures/ingest/make-zip.ts';
import { startHarness, type Harness, type Session } from '../server/helpers.ts';
import { describeEachDb, itDb } from '../store/helpers.ts';

const API = '/api/v1';
const INJECTIONS = [
  `' OR '1'='1`,
  `1; DROP TABLE users; --`,
  `"; SELECT pg_sleep(5); --`,
  `%' UNION SELECT * FROM users --`,
];

type Operation = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string };

async function operations(h: Harness): Promise<Operation[]> {
  const doc = (await h.call(null, 'GET', `${API}/openapi.json`)).json<{
    paths: Record<string, Record<string, unknown>>;
  }>();
  const ops: Operation[] = [];
  for (const [route, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods)) {
      const m = method.toUpperCase();
      if (m === 'GET' || m === 'POST' || m === 'PUT' || m === 'DELETE') ops.push({ method: m, url: route });
    }
  }
  return ops;
}

/** A route with its {params} filled in. */
const fill = (route: string, value: string): string => route.replace(/\{[^}]+\}/g, encodeURIComponent(value));

function multipart(
  fileName: string,
  bytes: Buffer,
  contentType = 'application/octet-stream',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----luoshi-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, bytes, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describeEachDb('attacks', (db) => {
  let h: Harness;
  let coordinator: Session;
  let admin: Session;
  let reporter: Session;
  let ops: Operation[] = [];

  beforeAll(async () => {
    const t = db();
    if (t === null) return;
    h = await startHarness(t);
    coordinator = await h.login('coordinator');
    admin = await h.login('admin');
    reporter = await h.login('reporter');
    ops = await operations(h);
  });
  afterAll(async () => {
    if (db() !== null) await h.app.close();
  });

  itDb(db, 'refuses every cookie-authenticated write without the CSRF token', async () => {
    const writes = ops.filter((o) => o.method !== 'GET' && !o.url.endsWith('/auth/login'));
    expect(writes.length).toBeGreaterThan(10);
    for (const op of writes) {
      for (const session of [coordinator, admin, reporter]) {
        const res = await h.app.inject({
          method: op.method,
          url: `${API}${fill(op.url.replace(/^\/api\/v1/, ''), h.planId)}`,
          headers: { cookie: session.cookie, 'content-type': 'application/json' },
          payload: {},
        });
        expect([401, 403], `${op.method} ${op.url} without CSRF token answered ${res.statusCode}`).toContain(
          res.statusCode,
        );
      }
    }
  });

  itDb(
    db,
    'answers SQL injection strings in every path parameter with a 4xx and changes nothing',
    async (t) => {
      const before = await t.store.db
        .selectFrom('users')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      const withParams = ops.filter((o) => o.url.includes('{'));
      expect(withParams.length).toBeGreaterThan(5);
      for (const op of withParams) {
        for (const attack of INJECTIONS) {
          const res = await h.call(
            admin,
            op.method,
            `${API}${fill(op.url.replace(/^\/api\/v1/, ''), attack)}`,
            op.method === 'GET' ? undefined : {},
          );
          expect(
            res.statusCode,
            `${op.method} ${op.url} with ${attack}: ${res.body.slice(0, 200)}`,
          ).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, `${op.method} ${op.url} with ${attack}`).toBeLessThan(500);
        }
      }
      for (const attack of INJECTIONS) {
        for (const query of [
          `limit=${encodeURIComponent(attack)}`,
          `offset=${encodeURIComponent(attack)}`,
          `state=${encodeURIComponent(attack)}`,
        ]) {
          const res = await h.call(coordinator, 'GET', `${API}/plans?${query}`);
          expect(res.statusCode).toBe(400);
        }
      }
      const after = await t.store.db
        .selectFrom('users')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      expect((await h.call(admin, 'GET', `${API}/users`)).statusCode).toBe(200);
    },
  );

  itDb(db, 'keeps attachment names inside the attachments folder', async (t) => {
    const tasks = (await h.call(reporter, 'GET', `${API}/my/tasks`)).json<{ items: { id: string }[] }>()
      .items;
    expect(tasks.length).toBeGreaterThan(0);
    const submitted = await h.call(reporter, 'POST', `${API}/tasks/${tasks[0]?.id}/progress`, {
      period: '2017-03',
      values: [],
      progress: '推进中',
      problems: '',
      nextSteps: '',
      draft: true,
    });
    expect([200, 201]).toContain(submitted.statusCode);
    const progressId = submitted.json<{ id: string }>().id;
    const outside = path.join(t.dir, 'pwned.txt');
    for (const name of ['../../pwned.txt', '..\\..\\pwned.txt', '/etc/passwd.txt', 'a/../../../pwned.txt']) {
      const { payload, headers } = multipart(name, Buffer.from('hello'), 'text/plain');
      const res = await h.app.inject({
        method: 'POST',
        url: `${API}/progress/${progressId}/attachments`,
        headers: { ...headers, cookie: reporter.cookie, 'x-csrf-token': reporter.csrf },
        payload,
      });
      expect(res.statusCode, res.body).toBeLessThan(500);
      if (res.statusCode === 201) {
        const att = res.json<{ id: string; fileName: string }>();
        expect(att.fileName).not.toMatch(/[/\\]|\.\./);
        const download = await h.call(reporter, 'GET', `${API}/attachments/${att.id}`);
        expect(download.statusCode).toBe(200);
        expect(String(download.headers['content-disposition'])).not.toMatch(/\.\.[/\\]/);
      }
    }
    expect(fs.existsSync(outside)).toBe(false);
    expect(fs.existsSync('/etc/passwd.txt')).toBe(false);
  });

  itDb(db, 'refuses oversized, mislabelled and bomb uploads with a 4xx and creates no plan', async () => {
    const count = async (): Promise<number> =>
      (await h.call(coordinator, 'GET', `${API}/plans`)).json<{ total: number }>().total;
    const plans = await count();
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4096, 0x90)]);
    // A .docx whose document.xml claims to inflate to 4 GB.
    const bomb = Buffer.from(
      makeZip(
        minimalDocxParts('<w:p><w:r><w:t>x</w:t></w:r></w:p>').map((p) =>
          p.name === 'word/document.xml' ? { ...p, declaredSize: 0xfffffff0 } : p,
        ),
      ),
    );
    for (const [name, bytes] of [
      ['report.docx', exe],
      ['report.pdf', Buffer.from('this is not a pdf at all')],
      ['report.docx', bomb],
      ['huge.txt', Buffer.alloc(6 * 1024 * 1024, 0x41)],
      ['malware.exe', exe],
    ] as const) {
      const { payload, headers } = multipart(name, bytes);
      const res = await h.app.inject({
        method: 'POST',
        url: `${API}/reports`,
        headers: { ...headers, cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf },
        payload,
      });
      expect(res.statusCode, `${name}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${name}`).toBeLessThan(500);
      expect(res.json<{ error: { code: string; message: string } }>().error.message.length).toBeGreaterThan(
        0,
      );
    }
    expect(await count()).toBe(plans);
  });

  itDb(db, 'throttles login brute force per account', async () => {
    let last = 0;
    for (let i = 0; i < 8; i++) {
      const res = await h.call(null, 'POST', `${API}/auth/login`, {
        username: 'leader',
        password: `guess-${i}`,
      });
      last = res.statusCode;
    }
    expect(last).toBe(429);
  });

  itDb(db, 'sends security headers', async () => {
    for (const url of [`${API}/health`, `${API}/public/plans`, `${API}/plans`]) {
      const res = await h.call(coordinator, 'GET', url);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    }
  });

  itDb(db, 'names the audit entry that was edited, deleted or reordered', async (t) => {
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
    const rows = await t.store.db
      .selectFrom('audit_log')
      .select(['seq', 'action', 'after_json'])
      .orderBy('seq')
      .execute();
    expect(rows.length).toBeGreaterThan(3);
    const target = rows[2];
    if (!target) throw new Error('no audit rows');
    // Edit.
    await t.store.db
      .updateTable('audit_log')
      .set({ after_json: '{"forged":true}' })
      .where('seq', '=', target.seq)
      .execute();
    const edited = await verifyAudit(t.store.db);
    expect(edited).toMatchObject({ ok: false, seq: target.seq });
    await t.store.db
      .updateTable('audit_log')
      .set({ after_json: target.after_json })
      .where('seq', '=', target.seq)
      .execute();
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
    // Reorder: swap the contents of two entries.
    const a = await t.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    const b = await t.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 3)
      .executeTakeFirstOrThrow();
    const { seq: _sa, ...restA } = a;
    const { seq: _sb, ...restB } = b;
    await t.store.db.updateTable('audit_log').set(restB).where('seq', '=', 2).execute();
    await t.store.db.updateTable('audit_log').set(restA).where('seq', '=', 3).execute();
    const reordered = await verifyAudit(t.store.db);
    expect(reordered.ok).toBe(false);
    await t.store.db.updateTable('audit_log').set(restA).where('seq', '=', 2).execute();
    await t.store.db.updateTable('audit_log').set(restB).where('seq', '=', 3).execute();
    expect((await verifyAudit(t.store.db)).ok).toBe(true);
    // Delete.
    await t.store.db.deleteFrom('audit_log').where('seq', '=', target.seq).execute();
    expect(await verifyAudit(t.store.db)).toMatchObject({ ok: false, seq: target.seq });
  });
});
