import { App, Button, Card, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import {
  notificationLink,
  type NotificationPage,
  type NotificationView,
} from '../../api/supervision-types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n, type Translate } from '../../i18n/I18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/useAsync.ts';

const KIND_KEY: Record<string, MessageKey> = {
  'report-due': 'kindReportDue',
  'report-overdue': 'kindReportOverdue',
  'task-due': 'kindTaskDue',
  'task-overdue': 'kindTaskOverdue',
  'notice-issued': 'kindNoticeIssued',
  'notice-replied': 'kindNoticeReplied',
  'notice-closed': 'kindNoticeClosed',
};
const KIND_COLOR: Record<string, string> = {
  'report-due': 'blue',
  'report-overdue': 'orange',
  'task-due': 'blue',
  'task-overdue': 'red',
  'notice-issued': 'volcano',
  'notice-replied': 'green',
  'notice-closed': 'default',
};
export const notificationKindLabel = (t: Translate, kind: string): string => t(KIND_KEY[kind] ?? 'kindOther');

/** All my notifications, newest first, with filters (unread, kind); each links to its task or notice. */
export function NotificationsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [kind, setKind] = useState<string | undefined>();
  const [pageNo, setPageNo] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [busy, setBusy] = useState(false);
  // Kinds are few; filter by kind over the newest 200 (the API filters by unread and pages).
  const data = useAsync(
    () =>
      kind
        ? api.get<NotificationPage>('/notifications', { limit: 200, unread: unreadOnly || undefined })
        : api.get<NotificationPage>('/notifications', {
            limit: pageSize,
            offset: (pageNo - 1) * pageSize,
            unread: unreadOnly || undefined,
          }),
    [unreadOnly, kind, pageNo, pageSize],
  );
  const items = (data.data?.items ?? []).filter((n) => !kind || n.kind === kind);
  const unread = data.data?.unread ?? 0;

  /** One mark-read request, then the list again; a failure is shown, the button is busy meanwhile. */
  const mark = async (path: string) => {
    setBusy(true);
    try {
      await api.post(path);
      data.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const markRead = (id: string) => mark(`/notifications/${id}/read`);
  const markAll = () => mark('/notifications/read-all');

  return (
    <>
      <PageHeader
        crumbs={[{ title: t('home'), to: '/' }, { title: t('notificationsTitle') }]}
        title={t('notificationsTitle')}
        subtitle={unread > 0 ? <Tag color="blue">{t('notificationBell', { n: unread })}</Tag> : null}
        extra={
          <Button onClick={() => void markAll()} disabled={unread === 0} loading={busy}>
            {t('markAllRead')}
          </Button>
        }
      />
      {data.error ? <ErrorAlert error={data.error} onRetry={data.reload} /> : null}
      <Card size="small">
        <div className="toolbar">
          <Space>
            <Switch
              checked={unreadOnly}
              onChange={(v) => {
                setUnreadOnly(v);
                setPageNo(1);
              }}
              aria-label={t('onlyUnread')}
            />
            <span>{t('onlyUnread')}</span>
          </Space>
          <Select
            allowClear
            placeholder={t('notificationKind')}
            aria-label={t('notificationKind')}
            value={kind}
            onChange={(v: string | undefined) => {
              setKind(v);
              setPageNo(1);
            }}
            options={Object.keys(KIND_KEY).map((k) => ({ value: k, label: notificationKindLabel(t, k) }))}
            style={{ width: 160 }}
          />
        </div>
        <Table<NotificationView>
          rowKey="id"
          size="small"
          loading={data.loading}
          dataSource={items}
          scroll={{ x: 800 }}
          rowClassName={(n) => (n.readAt === null ? 'row-unread' : '')}
          pagination={
            kind
              ? { pageSize: 20, showTotal: (n) => t('total', { n }) }
              : {
                  current: pageNo,
                  pageSize,
                  total: data.data?.total ?? 0,
                  showSizeChanger: true,
                  showTotal: (n) => t('total', { n }),
                  onChange: (p, s) => {
                    setPageNo(p);
                    setPageSize(s);
                  },
                }
          }
          columns={[
            {
              title: t('notificationKind'),
              key: 'kind',
              width: 110,
              render: (_, n) => <Tag color={KIND_COLOR[n.kind]}>{notificationKindLabel(t, n.kind)}</Tag>,
            },
            {
              title: t('notificationContent'),
              key: 'title',
              render: (_, n) => {
                const to = notificationLink(n, user?.role ?? '');
                return (
                  <div data-testid="notification-row">
                    <Space size={6}>
                      {n.readAt === null ? <Tag color="blue">{t('unreadTag')}</Tag> : null}
                      {to ? (
                        <Link to={to} onClick={() => n.readAt === null && void markRead(n.id)}>
                          {n.title}
                        </Link>
                      ) : (
                        <strong>{n.title}</strong>
                      )}
                    </Space>
                    <div className="user-text muted">{n.body}</div>
                  </div>
                );
              },
            },
            {
              title: t('receivedAt'),
              key: 'at',
              width: 150,
              render: (_, n) => formatDateTime(n.createdAt),
            },
            {
              title: t('actions'),
              key: 'actions',
              width: 100,
              render: (_, n) =>
                n.readAt === null ? (
                  <Button size="small" type="link" onClick={() => void markRead(n.id)}>
                    {t('markRead')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </>
  );
}
