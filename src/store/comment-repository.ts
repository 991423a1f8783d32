import type { Executor } from './db.ts';
import type { CommentTable } from './schema.ts';

export type CommentRecord = CommentTable & { author_name: string };

export async function createComment(db: Executor, row: CommentTable): Promise<void> {
  await db.insertInto('comments').values(row).execute();
}

export async function listCommentsOfTask(
  db: Executor,
  tenantId: string,
  taskId: string,
): Promise<CommentRecord[]> {
  return db
    .selectFrom('comments')
    .innerJoin('users', 'users.id', 'comments.author_id')
    .selectAll('comments')
    .select('users.display_name as author_name')
    .where('comments.tenant_id', '=', tenantId)
    .where('comments.task_id', '=', taskId)
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .execute();
}
