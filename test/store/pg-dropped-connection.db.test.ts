// A PostgreSQL connection dropped in the middle of a transaction (failover, a terminated backend) must fail
// that transaction, not end the process: pg emits 'error' on the checked-out client, which Kysely does not
// listen to. Regression test for a server crash seen in the storage fault suite.
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/db.ts';
import { PG_URL, postgresProblem } from './helpers.ts';

describe('PostgreSQL: a connection dropped inside a transaction', () => {
  it('fails the transaction and the next query works, the process lives', async (ctx) => {
    const problem = await postgresProblem();
    if (problem !== null) {
      if (process.env.CI === 'true') throw new Error(`PostgreSQL is required under CI: ${problem}`);
      console.warn(`!!! SKIPPING: ${problem} !!!`);
      return ctx.skip();
    }
    const store = createStore({ databaseUrl: PG_URL, databaseSchema: null, sqlitePath: '' });
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const failed = await store.db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
          await new Promise((r) => setTimeout(r, 300));
          await sql`select 1`.execute(trx);
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(failed).toBeInstanceOf(Error);
      const { rows } = await sql<{ x: number }>`select 1 as x`.execute(store.db);
      expect(rows).toEqual([{ x: 1 }]);
    } finally {
      await admin.end();
      await store.destroy();
    }
  });
});
