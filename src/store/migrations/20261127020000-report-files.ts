import type { Kysely, Migration } from 'kysely';

/** Keep the uploaded report file itself (on disk) next to its decoded text. */
export const reportFiles: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('reports').addColumn('file_sha256', 'text').execute();
    await db.schema.alterTable('reports').addColumn('file_size', 'integer').execute();
    await db.schema.alterTable('reports').addColumn('storage_path', 'text').execute();
  },
};
