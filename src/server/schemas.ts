/**
 * Response schemas shared by the routes, for the OpenAPI document (/api/v1/openapi.json).
 *
 * Fastify serializes an answer through its response schema and DROPS every property the schema does
 * not list. So every object here is open (`additionalProperties: true`): the listed properties document
 * the shape (and are typed, so declare `nullable` wherever a value may be null), anything else passes
 * through unchanged. test/server/openapi.db.test.ts compares answers with and without these schemas.
 */
import { errorResponse } from './http.ts';

type Schema = Record<string, unknown>;

export const str = { type: 'string' } as const;
export const strOrNull = { type: 'string', nullable: true } as const;
export const int = { type: 'integer' } as const;
export const intOrNull = { type: 'integer', nullable: true } as const;
export const num = { type: 'number' } as const;
export const numOrNull = { type: 'number', nullable: true } as const;
export const bool = { type: 'boolean' } as const;
/** Any JSON value (documented by its description only). */
export const anyValue = (description?: string): Schema => (description ? { description } : {});
export const strList = { type: 'array', items: str } as const;
export const span = { type: 'array', items: int, minItems: 2, maxItems: 2 } as const;

/** An open object: the listed properties are documented and typed, others pass through. */
export function obj(properties: Record<string, unknown>, extra: Schema = {}): Schema {
  return { type: 'object', additionalProperties: true, properties, ...extra };
}

/** An open object that may be null. */
export const objOrNull = (properties: Record<string, unknown>, extra: Schema = {}): Schema =>
  obj(properties, { ...extra, nullable: true });

export const listOf = (items: unknown): Schema => ({ type: 'array', items });

/** A paged list: `{ items, total, limit, offset }`. */
export const pageOf = (item: unknown, extra: Record<string, unknown> = {}): Schema =>
  obj({ items: listOf(item), total: int, limit: int, offset: int, ...extra });

/** A 204 answer: no body. */
export const noContent = { description: '无内容 / no content', type: 'null' } as const;

/** Error answers, added to every route by app.ts unless a route names its own. */
export const errorAnswers = { '4xx': errorResponse, '5xx': errorResponse } as const;

export const statusSchema = obj(
  {
    level: { type: 'string', enum: ['done', 'green', 'yellow', 'red', 'grey'] },
    reason: str,
    reasonEn: str,
    completion: numOrNull,
    expected: numOrNull,
    final: { type: 'string', enum: ['met', 'missed'] },
    period: strOrNull,
  },
  { description: '状态及原因 / status with its reason' },
);

export const planSummarySchema = obj({
  id: str,
  title: str,
  year: int,
  state: { type: 'string', enum: ['draft', 'published', 'archived'] },
  region: strOrNull,
  level: strOrNull,
  version: int,
  publishedAt: strOrNull,
  updatedAt: str,
});

export const assignmentSchema = objOrNull({
  leader: strOrNull,
  leaderTitle: strOrNull,
  leaderId: strOrNull,
  leadDepartment: strOrNull,
  leadDepartmentId: strOrNull,
  cooperatingDepartments: strList,
  cooperatingDepartmentIds: strList,
  deadline: strOrNull,
  deadlineDate: strOrNull,
  milestones: listOf(obj({ quarter: int, text: str })),
  version: int,
});

export const targetSchema = obj({
  id: str,
  subject: str,
  low: num,
  high: num,
  unit: str,
  comparator: str,
  direction: str,
  horizon: str,
  dueYear: intOrNull,
  quote: str,
  span,
  latest: objOrNull({ period: str, actual: num }),
  status: statusSchema,
  version: int,
});

export const taskSchema = obj({
  id: str,
  sectionId: str,
  parentId: strOrNull,
  title: str,
  text: str,
  span,
  assignment: assignmentSchema,
  targets: listOf(targetSchema),
  status: statusSchema,
  latestProgress: objOrNull({ period: str, progress: str, problems: str, nextSteps: str }),
  version: int,
});

export const taskDetailSchema = obj({ ...(taskSchema.properties as object), planId: str, planTitle: str });

export const myTaskSchema = obj({
  ...(taskSchema.properties as object),
  planId: str,
  planTitle: str,
  planYear: int,
  role: { type: 'string', enum: ['lead', 'cooperating'] },
});

const sectionSchema = obj({
  id: str,
  title: str,
  kind: str,
  depth: int,
  span,
  status: statusSchema,
  children: listOf(obj({}, { description: '下级章节（同结构） / child sections, same shape' })),
});

export const planViewSchema = obj({
  ...(planSummarySchema.properties as object),
  status: statusSchema,
  sections: listOf(sectionSchema),
  tasks: listOf(taskSchema),
  baselines: listOf(obj({ id: str, subject: str, value: num, unit: str, year: intOrNull, quote: str })),
  problems: listOf(obj({})),
  evaluation: obj({ asOf: str, yearEnded: bool }),
  simulated: obj({ label: str, note: str }),
});

export const reportSourceSchema = obj({
  id: str,
  fileName: str,
  format: str,
  encoding: str,
  title: str,
  sha256: str,
  text: str,
});

export const importResultSchema = obj({
  plan: planSummarySchema,
  created: bool,
  counts: obj({ sections: int, tasks: int, targets: int, baselines: int, problems: int }),
  warnings: strList,
});

export const editedTargetSchema = obj({
  id: str,
  taskId: strOrNull,
  quote: str,
  span,
  subject: str,
  low: num,
  high: num,
  unit: str,
  comparator: str,
  direction: str,
  horizon: str,
  dueYear: intOrNull,
  version: int,
});

export const assignmentResultSchema = obj({
  taskId: str,
  leaderId: strOrNull,
  leadDepartmentId: strOrNull,
  cooperatingDepartmentIds: strList,
  deadline: strOrNull,
  deadlineDate: strOrNull,
  milestones: listOf(obj({ quarter: int, text: str })),
  version: int,
});

export const attachmentSchema = obj({ id: str, fileName: str, contentType: str, size: int });

export const progressSchema = obj({
  id: str,
  taskId: str,
  planId: str,
  departmentId: str,
  departmentName: str,
  departmentRole: { type: 'string', enum: ['lead', 'cooperating'], nullable: true },
  period: str,
  state: { type: 'string', enum: ['draft', 'submitted', 'accepted', 'returned'] },
  values: listOf(obj({ targetId: str, actual: num })),
  progress: str,
  problems: str,
  nextSteps: str,
  submittedAt: strOrNull,
  reviewedAt: strOrNull,
  reviewReason: strOrNull,
  version: int,
  attachments: listOf(attachmentSchema),
});

export const commentSchema = obj({
  id: str,
  taskId: str,
  kind: { type: 'string', enum: ['comment', 'instruction'] },
  body: str,
  authorId: str,
  authorName: str,
  createdAt: str,
});

export const userSchema = obj({
  id: str,
  tenantId: str,
  username: str,
  displayName: str,
  role: { type: 'string', enum: ['admin', 'coordinator', 'leader', 'reporter'] },
  departmentId: strOrNull,
  leaderId: strOrNull,
  active: bool,
  version: int,
});

export const tenantSchema = obj({
  id: str,
  parentId: strOrNull,
  name: str,
  level: str,
  timezone: str,
  version: int,
});

export const departmentSchema = obj({
  id: str,
  tenantId: str,
  name: str,
  ord: int,
  active: bool,
  version: int,
});

export const leaderSchema = obj({
  id: str,
  tenantId: str,
  name: str,
  title: str,
  portfolio: str,
  departmentIds: strList,
  ord: int,
  active: bool,
  version: int,
});

export const auditEntrySchema = obj({
  seq: int,
  at: str,
  actorId: strOrNull,
  action: str,
  entityType: str,
  entityId: str,
  before: anyValue('修改前 / before'),
  after: anyValue('修改后 / after'),
});

export const auditVerificationSchema = obj({
  ok: bool,
  entries: int,
  head: str,
  seq: int,
  reason: str,
});

export const sessionSchema = obj({
  user: { ...userSchema, nullable: true },
  csrfToken: str,
  expiresAt: str,
});

/** A file download (the bytes, with content-disposition). */
export const fileAnswer = (description: string): Schema => ({
  description,
  type: 'string',
  format: 'binary',
});

const adjustedFields = obj({ low: num, high: num, deadline: strOrNull });

/** A proposed or decided target adjustment (调整). */
export const adjustmentSchema = obj({
  id: str,
  targetId: str,
  before: adjustedFields,
  after: adjustedFields,
  reason: str,
  state: { type: 'string', enum: ['proposed', 'approved', 'rejected'] },
  proposedAt: str,
  decidedAt: strOrNull,
  approval: strOrNull,
  version: int,
});

export const targetHistorySchema = obj({
  targetId: str,
  subject: str,
  quote: str,
  original: adjustedFields,
  adjustments: listOf(adjustmentSchema),
});

export const supervisionRunSchema = obj({
  events: int,
  notified: int,
  queued: int,
  delivered: int,
  retried: int,
  failed: int,
});
