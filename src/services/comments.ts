import { createComment, listCommentsOfTask } from '../store/comment-repository.ts';
import { newId } from '../store/ids.ts';
import { getAssignment, getTaskById } from '../store/plan-repository.ts';
import type { CommentKind } from '../store/schema.ts';
import { inTransaction, type Actor, type ServiceContext } from './context.ts';
import { forbidden, invalid, notFound } from './errors.ts';
import { requireAbility } from './permissions.ts';

export type CommentView = {
  id: string;
  taskId: string;
  kind: CommentKind;
  body: string;
  authorId: string;
  authorName: string;
  createdAt: string;
};

/**
 * Add a comment, or a leader's instruction (批示), to a task. Reporters comment only on their
 * department's tasks; only leaders write instructions.
 * @example addComment(ctx, leader, { taskId, kind: 'instruction', body: '请加快进度' }) -> { kind: 'instruction', … }
 */
export async function addComment(
  ctx: ServiceContext,
  actor: Actor,
  input: { taskId: string; kind: CommentKind; body: string },
): Promise<CommentView> {
  requireAbility(actor, input.kind === 'instruction' ? 'writeInstructions' : 'writeComments');
  const body = input.body.trim();
  if (body === '') throw invalid('内容不能为空', 'The text must not be empty');
  return inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    const task = await getTaskById(trx, actor.tenantId, input.taskId);
    if (!task) throw notFound('任务', 'Task');
    if (actor.role === 'reporter') {
      const a = await getAssignment(trx, task.id);
      const involved = a ? [a.lead_department_id, ...a.cooperatingDepartmentIds] : [];
      if (actor.departmentId === null || !involved.includes(actor.departmentId)) {
        throw forbidden('只能评论本单位承担的任务', "You can only comment on your department's tasks");
      }
    }
    const row = {
      id: newId(),
      tenant_id: actor.tenantId,
      plan_id: task.plan_id,
      task_id: task.id,
      kind: input.kind,
      body,
      author_id: actor.userId ?? '',
      created_at: nowIso,
    };
    await createComment(trx, row);
    await audit({
      action: `${input.kind}.create`,
      entityType: 'comment',
      entityId: row.id,
      after: { taskId: task.id, kind: row.kind, body },
    });
    return {
      id: row.id,
      taskId: task.id,
      kind: row.kind,
      body,
      authorId: row.author_id,
      authorName: actor.displayName ?? '',
      createdAt: nowIso,
    };
  });
}

/** Comments and instructions on a task, oldest first. */
export async function listComments(
  ctx: ServiceContext,
  actor: Actor,
  taskId: string,
): Promise<CommentView[]> {
  requireAbility(actor, 'readPlans');
  const task = await getTaskById(ctx.store.db, actor.tenantId, taskId);
  if (!task) throw notFound('任务', 'Task');
  const rows = await listCommentsOfTask(ctx.store.db, actor.tenantId, taskId);
  return rows.map((r) => ({
    id: r.id,
    taskId: r.task_id,
    kind: r.kind,
    body: r.body,
    authorId: r.author_id,
    authorName: r.author_name,
    createdAt: r.created_at,
  }));
}
