/** Shapes of the supervision API's answers (issue 5): notifications, 督办 notices, settings, webhooks, periods. */
export type NotificationView = {
  id: string;
  kind: string;
  title: string;
  body: string;
  entityType: string | null;
  entityId: string | null;
  createdAt: string;
  readAt: string | null;
};
export type NotificationPage = {
  items: NotificationView[];
  total: number;
  unread: number;
  limit: number;
  offset: number;
};

export type NoticeColor = 'blue' | 'yellow' | 'red';
export type NoticeState = 'issued' | 'replied' | 'closed';
export type NoticeView = {
  id: string;
  number: string;
  planId: string;
  taskId: string;
  taskTitle?: string;
  departmentId: string;
  departmentName?: string;
  color: NoticeColor;
  colorName: string;
  reason: string;
  requirement: string;
  replyDue: string;
  state: NoticeState;
  issuedAt: string;
  reply: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  closeNote: string | null;
  version: number;
};
export type NoticeSuggestion = {
  taskId: string;
  taskTitle: string;
  departmentId: string;
  departmentName?: string;
  color: NoticeColor;
  reason: string;
  reasonEn: string;
};

export type SupervisionSettings = {
  reporting: { frequency: 'monthly' | 'quarterly'; dueDay: number };
  reminderDaysBefore: number[];
  thresholds: { greenGap: number; yellowGap: number; tolerance: number };
  blueNoticeDays: number;
  noticeReplyDays: number;
  webhookMaxAttempts: number;
  webhookBackoffSeconds: number;
  version: number;
};

export type WebhookFormat = 'generic' | 'dingtalk' | 'wecom';
export type WebhookView = {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  hasSecret: boolean;
  active: boolean;
  createdAt: string;
};
export type DeliveryView = {
  id: string;
  webhookId: string;
  eventKey: string;
  kind: string;
  title: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
};

export type PeriodView = {
  period: string;
  start: string;
  end: string;
  due: string;
  state: 'open' | 'due' | 'closed' | 'locked';
  lockedAt: string | null;
  counts: { submitted: number; accepted: number; returned: number; pendingReview: number };
};

export type TargetKind = 'cumulative' | 'level' | 'rate';
export type TaskOverrides = {
  taskId: string;
  weight: number | null;
  version: number;
  targets: {
    targetId: string;
    subject: string;
    quote: string;
    kind: TargetKind | null;
    inferredKind: TargetKind;
    weight: number | null;
    version: number;
  }[];
};

/** Where a notification leads in the app. */
export function notificationLink(
  n: Pick<NotificationView, 'entityType' | 'entityId'>,
  role: string,
): string | null {
  if (n.entityId === null) return null;
  if (n.entityType === 'task') return `/app/tasks/${n.entityId}`;
  if (n.entityType === 'notice') return `/app/notices/${n.entityId}`;
  if (n.entityType === 'plan') return role === 'reporter' ? '/app/my' : `/app/tasks?plan=${n.entityId}`;
  return null;
}
