/** JSON schemas shared by the evaluation and supervision routes. */
export const asOfQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    asOf: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: '评估日期 / judge as of this date (YYYY-MM-DD)',
    },
  },
} as const;

export const statusSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    level: { type: 'string', enum: ['done', 'green', 'yellow', 'red', 'grey'] },
    reason: { type: 'string' },
    reasonEn: { type: 'string' },
    completion: { type: ['number', 'null'] },
    expected: { type: ['number', 'null'] },
    final: { type: 'string', enum: ['met', 'missed'] },
    period: { type: ['string', 'null'] },
  },
} as const;

const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;

/** A notification (NotificationView). */
export const notificationSchema = {
  type: 'object',
  properties: {
    id: str,
    kind: str,
    title: str,
    body: str,
    entityType: strOrNull,
    entityId: strOrNull,
    createdAt: str,
    readAt: strOrNull,
  },
} as const;

export const notificationListSchema = {
  type: 'object',
  properties: {
    items: { type: 'array', items: notificationSchema },
    total: int,
    unread: int,
    limit: int,
    offset: int,
  },
} as const;

/** A 督办 notice (NoticeView). */
export const noticeSchema = {
  type: 'object',
  properties: {
    id: str,
    number: str,
    planId: str,
    taskId: str,
    taskTitle: str,
    departmentId: str,
    departmentName: str,
    color: { type: 'string', enum: ['blue', 'yellow', 'red'] },
    colorName: str,
    reason: str,
    requirement: str,
    replyDue: str,
    state: { type: 'string', enum: ['issued', 'replied', 'closed'] },
    issuedAt: str,
    reply: strOrNull,
    repliedAt: strOrNull,
    closedAt: strOrNull,
    closeNote: strOrNull,
    version: int,
  },
} as const;

export const noticeListSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: noticeSchema }, total: int, limit: int, offset: int },
} as const;

export const suggestionListSchema = {
  type: 'object',
  properties: {
    asOf: str,
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          taskId: str,
          taskTitle: str,
          departmentId: str,
          departmentName: str,
          color: { type: 'string', enum: ['blue', 'yellow', 'red'] },
          reason: str,
          reasonEn: str,
        },
      },
    },
  },
} as const;

/** A webhook delivery with its attempts (DeliveryView). */
export const deliverySchema = {
  type: 'object',
  properties: {
    id: str,
    webhookId: str,
    eventKey: str,
    kind: str,
    title: str,
    state: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: int,
    nextAttemptAt: str,
    lastStatus: { type: ['integer', 'null'] },
    lastError: strOrNull,
    deliveredAt: strOrNull,
    createdAt: str,
  },
} as const;

export const deliveryListSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: deliverySchema }, total: int, limit: int, offset: int },
} as const;

export const webhookSchema = {
  type: 'object',
  properties: {
    id: str,
    name: str,
    url: str,
    format: { type: 'string', enum: ['generic', 'dingtalk', 'wecom'] },
    hasSecret: { type: 'boolean' },
    active: { type: 'boolean' },
    createdAt: str,
  },
} as const;

export const periodListSchema = {
  type: 'object',
  properties: {
    asOf: str,
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          period: str,
          start: str,
          end: str,
          due: str,
          state: { type: 'string', enum: ['open', 'due', 'closed', 'locked'] },
          lockedAt: strOrNull,
          counts: {
            type: 'object',
            properties: { submitted: int, accepted: int, returned: int, pendingReview: int },
          },
        },
      },
    },
  },
} as const;

const kindSchema = { type: ['string', 'null'], enum: ['cumulative', 'level', 'rate', null] } as const;
const weightSchema = { type: ['number', 'null'] } as const;

export const targetOverrideSchema = {
  type: 'object',
  properties: {
    targetId: str,
    subject: str,
    quote: str,
    kind: kindSchema,
    inferredKind: { type: 'string', enum: ['cumulative', 'level', 'rate'] },
    weight: weightSchema,
    version: int,
  },
} as const;

export const taskOverridesSchema = {
  type: 'object',
  properties: {
    taskId: str,
    weight: weightSchema,
    version: int,
    targets: { type: 'array', items: targetOverrideSchema },
  },
} as const;

export const overrideBodies = {
  target: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'weight', 'version'],
    properties: {
      kind: kindSchema,
      weight: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: 100 },
      version: { type: 'integer', minimum: 0 },
    },
  },
  task: {
    type: 'object',
    additionalProperties: false,
    required: ['weight', 'version'],
    properties: {
      weight: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: 100 },
      version: { type: 'integer', minimum: 0 },
    },
  },
} as const;
