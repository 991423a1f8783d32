import { App, Button, Card, Descriptions, Form, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';
import type { NoticeView } from '../../api/supervision-types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { NOTICE_TAG_COLOR, noticeColorLabel } from './IssueNoticeModal.tsx';
import { noticeStateColor, noticeStateLabel, replyOverdue } from './NoticesPage.tsx';

/** One 督办 notice: the department's reporters reply; the coordinator closes it. */
export function NoticeDetailPage() {
  const { noticeId = '' } = useParams();
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const data = useAsync(() => api.get<NoticeView>(`/notices/${noticeId}`), [noticeId]);
  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const n = data.data;
  const canReply = user?.role === 'reporter' && user.departmentId === n.departmentId && n.state === 'issued';
  const canClose = user?.role === 'coordinator' && n.state !== 'closed';

  const act = async (path: 'reply' | 'close') => {
    setBusy(true);
    try {
      const body =
        path === 'reply'
          ? { reply: text.trim(), version: n.version }
          : { ...(text.trim() ? { note: text.trim() } : {}), version: n.version };
      data.setData(await api.post<NoticeView>(`/notices/${n.id}/${path}`, body));
      setText('');
      message.success(path === 'reply' ? t('noticeRepliedOk') : t('noticeClosedOk'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        message.warning(t('conflict'));
        data.reload();
      } else {
        message.error(errorMessage(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        crumbs={[
          { title: t('noticesTitle'), to: '/app/notices' },
          { title: t('noticeDetailTitle', { number: n.number }) },
        ]}
        title={t('noticeDetailTitle', { number: n.number })}
        subtitle={
          <Space wrap>
            <Tag color={NOTICE_TAG_COLOR[n.color]}>{noticeColorLabel(t, n.color)}</Tag>
            <Tag color={noticeStateColor(n.state)} data-testid="notice-state">
              {noticeStateLabel(t, n.state)}
            </Tag>
            {replyOverdue(n) ? <Tag color="red">{t('noticeOverdue')}</Tag> : null}
          </Space>
        }
        extra={
          <Link to={`/app/tasks/${n.taskId}`}>
            <Button>{t('noticeOpenTask')}</Button>
          </Link>
        }
      />
      <Card size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('task')} span={2}>
            <Link to={`/app/tasks/${n.taskId}`}>{n.taskTitle}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('noticeDepartment')}>{n.departmentName}</Descriptions.Item>
          <Descriptions.Item label={t('noticeReplyDue')}>{n.replyDue}</Descriptions.Item>
          <Descriptions.Item label={t('noticeReason')} span={2}>
            <span className="user-text" data-testid="notice-reason-text">
              {n.reason}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('noticeRequirement')} span={2}>
            <span className="user-text">{n.requirement}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('noticeIssuedAt')}>{formatDateTime(n.issuedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('noticeRepliedAt')}>{formatDateTime(n.repliedAt)}</Descriptions.Item>
          {n.reply !== null ? (
            <Descriptions.Item label={t('noticeReply')} span={2}>
              <span className="user-text" data-testid="notice-reply-text">
                {n.reply}
              </span>
            </Descriptions.Item>
          ) : null}
          {n.closedAt !== null ? (
            <>
              <Descriptions.Item label={t('noticeClosedAt')}>{formatDateTime(n.closedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('noticeCloseNote')}>
                <span className="user-text">{n.closeNote ?? '—'}</span>
              </Descriptions.Item>
            </>
          ) : null}
        </Descriptions>
      </Card>
      {canReply || canClose ? (
        <Card size="small" style={{ marginTop: 16 }} title={canReply ? t('noticeReply') : t('noticeClose')}>
          <Form layout="vertical" onFinish={() => void act(canReply ? 'reply' : 'close')}>
            <Form.Item
              label={canReply ? t('noticeReply') : t('noticeCloseNote')}
              htmlFor="notice-text"
              required={canReply}
            >
              <Input.TextArea
                id="notice-text"
                value={text}
                onChange={(e) => setText(e.target.value)}
                autoSize={{ minRows: 4 }}
                maxLength={canReply ? 5000 : 2000}
                placeholder={canReply ? t('noticeReplyPlaceholder') : undefined}
                data-testid="notice-text"
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              loading={busy}
              disabled={canReply && !text.trim()}
              data-testid={canReply ? 'notice-reply-submit' : 'notice-close-submit'}
            >
              {canReply ? t('noticeReplySubmit') : t('noticeClose')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </>
  );
}
