import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client.ts';
import { notificationLink, type NotificationPage, type NotificationView } from '../api/supervision-types.ts';
import { useAuth } from '../auth/Auth.tsx';
import { useI18n } from '../i18n/I18n.tsx';
import { formatDateTime } from '../lib/format.ts';

const POLL_MS = 60_000;

/** The header bell: unread count, the latest notifications, mark read and open what they concern. */
export function NotificationBell() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState<NotificationPage | null>(null);

  const load = useCallback(() => {
    api.get<NotificationPage>('/notifications', { limit: 8 }).then(setPage, () => undefined);
  }, []);
  useEffect(() => {
    load();
    const timer = window.setInterval(load, POLL_MS);
    return () => window.clearInterval(timer);
  }, [load]);
  useEffect(() => {
    if (open) load();
  }, [open, load]);

  const unread = page?.unread ?? 0;
  const openOne = async (n: NotificationView) => {
    if (n.readAt === null) await api.post(`/notifications/${n.id}/read`).catch(() => undefined);
    setOpen(false);
    load();
    const to = notificationLink(n, user?.role ?? '');
    if (to) void navigate(to);
  };

  const content = (
    <div style={{ width: 360, maxWidth: '86vw' }} data-testid="notification-popover">
      <List<NotificationView>
        size="small"
        dataSource={page?.items ?? []}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notificationsEmpty')} />,
        }}
        renderItem={(n) => (
          <List.Item
            key={n.id}
            onClick={() => void openOne(n)}
            style={{ cursor: 'pointer', background: n.readAt === null ? '#f0f5ff' : undefined }}
            data-testid="notification-item"
          >
            <List.Item.Meta
              title={
                <Space size={6}>
                  {n.readAt === null ? <Badge status="processing" /> : null}
                  <span>{n.title}</span>
                </Space>
              }
              description={
                <>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                    {n.body}
                  </Typography.Paragraph>
                  <span className="muted" style={{ fontSize: 12 }}>
                    {formatDateTime(n.createdAt)}
                  </span>
                </>
              }
            />
          </List.Item>
        )}
      />
      <div style={{ textAlign: 'center', paddingTop: 8 }}>
        <Link to="/app/notifications" onClick={() => setOpen(false)}>
          {t('viewAllNotifications')}
        </Link>
      </div>
    </div>
  );

  return (
    <Popover
      content={content}
      title={t('notifications')}
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
    >
      <Button
        type="text"
        aria-label={t('notificationBell', { n: unread })}
        data-testid="notification-bell"
        icon={
          <Badge count={unread} size="small" overflowCount={99}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Popover>
  );
}
