import { CommentOutlined, EditOutlined, FileDoneOutlined, FlagOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Radio,
  Row,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { CommentView, ProgressView, TaskDetail } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusTag } from '../../components/StatusTag.tsx';
import { TargetLine } from '../../components/TargetLine.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatDateTime, formatPeriod, progressStateLabel } from '../../lib/format.ts';
import { useAsync } from '../../lib/useAsync.ts';

type Event = { key: string; at: string; color: string; icon: ReactNode; node: ReactNode };

/** One task: assignment, targets, status, and its history (reports, reviews, comments, 批示) as one timeline. */
export function TaskDetailPage() {
  const { taskId = '' } = useParams();
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [kind, setKind] = useState<'comment' | 'instruction'>(
    user?.role === 'leader' ? 'instruction' : 'comment',
  );
  const [body, setBody] = useState('');
  const [posting, setPosting] = useState(false);
  const data = useAsync(async () => {
    const [task, comments, progress] = await Promise.all([
      api.get<TaskDetail>(`/tasks/${taskId}`),
      api.get<{ items: CommentView[] }>(`/tasks/${taskId}/comments`),
      api
        .get<{ items: ProgressView[] }>(`/tasks/${taskId}/progress`)
        .catch(() => ({ items: [] as ProgressView[] })),
    ]);
    return { task, comments: comments.items, progress: progress.items };
  }, [taskId]);

  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const { task, comments, progress } = data.data;
  const a = task.assignment;
  const canComment = user?.role === 'coordinator' || user?.role === 'leader' || user?.role === 'reporter';
  const involved =
    user?.role === 'reporter' &&
    user.departmentId !== null &&
    (a?.leadDepartmentId === user.departmentId || a?.cooperatingDepartmentIds.includes(user.departmentId));

  const events: Event[] = [];
  for (const p of progress) {
    if (p.submittedAt) {
      events.push({
        key: `s-${p.id}`,
        at: p.submittedAt,
        color: 'blue',
        icon: <FileDoneOutlined />,
        node: (
          <div>
            <strong>
              {t('eventReport', { dept: p.departmentName ?? '', period: formatPeriod(p.period, lang) })}
            </strong>
            <div className="user-text">{p.progress}</div>
            {p.problems ? (
              <div className="user-text muted">
                {t('problemsText')}：{p.problems}
              </div>
            ) : null}
          </div>
        ),
      });
    }
    if (p.reviewedAt && (p.state === 'accepted' || p.state === 'returned')) {
      events.push({
        key: `r-${p.id}`,
        at: p.reviewedAt,
        color: p.state === 'accepted' ? 'green' : 'red',
        icon: <FlagOutlined />,
        node: (
          <div>
            <strong>{t('eventReviewed', { state: progressStateLabel(t, p.state) })}</strong>（
            {p.departmentName} {formatPeriod(p.period, lang)}）
            {p.reviewReason ? <div className="user-text">{p.reviewReason}</div> : null}
          </div>
        ),
      });
    }
  }
  for (const c of comments) {
    events.push({
      key: c.id,
      at: c.createdAt,
      color: c.kind === 'instruction' ? 'red' : 'gray',
      icon: c.kind === 'instruction' ? <EditOutlined /> : <CommentOutlined />,
      node: (
        <div data-testid={c.kind === 'instruction' ? 'instruction' : 'comment'}>
          <Space size={6}>
            <Tag color={c.kind === 'instruction' ? 'red' : 'default'}>
              {c.kind === 'instruction' ? t('instruction') : t('comment')}
            </Tag>
            <strong>{c.authorName}</strong>
          </Space>
          <div className="user-text" data-testid="comment-body">
            {c.body}
          </div>
        </div>
      ),
    });
  }
  events.sort((x, y) => y.at.localeCompare(x.at));

  const post = async () => {
    if (!body.trim()) return;
    setPosting(true);
    try {
      await api.post(`/tasks/${task.id}/comments`, { kind, body });
      setBody('');
      message.success(t('posted'));
      data.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setPosting(false);
    }
  };

  return (
    <>
      <PageHeader
        crumbs={[
          user?.role === 'reporter'
            ? { title: t('myTasksTitle'), to: '/app/my' }
            : { title: t('taskBoardTitle'), to: `/app/tasks?plan=${task.planId}` },
          { title: task.title },
        ]}
        title={task.title}
        subtitle={
          <Space wrap>
            <span>{task.planTitle}</span>
            <StatusTag status={task.status} showReason />
          </Space>
        }
        extra={
          involved ? (
            <Button type="primary" onClick={() => void navigate(`/app/my/${task.id}/report`)}>
              {t('reportNow')}
            </Button>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('task')}>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('responsibleLeader')}>
                {a?.leader ? `${a.leader}（${a.leaderTitle ?? ''}）` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('leadDepartment')}>{a?.leadDepartment ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('cooperatingDepartments')}>
                {a?.cooperatingDepartments.join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('deadline')}>
                {a?.deadline ?? '—'}
                {a?.deadlineDate ? <span className="muted">（{a.deadlineDate}）</span> : null}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph
              className="user-text"
              ellipsis={{ rows: 5, expandable: true, symbol: '…' }}
              data-testid="task-text"
            >
              {task.text}
            </Typography.Paragraph>
            {a?.milestones.length ? (
              <List
                size="small"
                header={<strong>{t('milestones')}</strong>}
                dataSource={a.milestones}
                renderItem={(m) => (
                  <List.Item>
                    {t('quarter', { n: m.quarter })}：<span className="user-text">{m.text}</span>
                  </List.Item>
                )}
              />
            ) : null}
          </Card>
          <Card size="small" title={t('targets')} style={{ marginTop: 16 }}>
            {task.targets.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noTargets')} />
            ) : (
              <List
                size="small"
                dataSource={task.targets}
                renderItem={(x) => (
                  <List.Item key={x.id}>
                    <TargetLine target={x} />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('timeline')}>
            {canComment && (user?.role !== 'reporter' || involved) ? (
              <Form layout="vertical" onFinish={() => void post()} style={{ marginBottom: 16 }}>
                {user?.role === 'leader' ? (
                  <Form.Item label={t('commentKind')} style={{ marginBottom: 8 }}>
                    <Radio.Group
                      value={kind}
                      onChange={(e) => setKind(e.target.value as 'comment' | 'instruction')}
                      optionType="button"
                      options={[
                        { value: 'instruction', label: t('instruction') },
                        { value: 'comment', label: t('comment') },
                      ]}
                    />
                  </Form.Item>
                ) : null}
                <Form.Item
                  label={kind === 'instruction' ? t('writeInstruction') : t('writeComment')}
                  htmlFor="comment-body"
                >
                  <Input.TextArea
                    id="comment-body"
                    value={body}
                    onChange={(e) => setBody(e.target.value)}
                    autoSize={{ minRows: 3 }}
                    maxLength={5000}
                    placeholder={t('commentPlaceholder')}
                    data-testid="comment-input"
                  />
                </Form.Item>
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={posting}
                  disabled={!body.trim()}
                  data-testid="comment-submit"
                >
                  {kind === 'instruction' ? t('writeInstruction') : t('writeComment')}
                </Button>
              </Form>
            ) : null}
            {events.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noTimeline')} />
            ) : (
              <Timeline
                items={events.map((e) => ({
                  key: e.key,
                  color: e.color,
                  dot: e.icon,
                  children: (
                    <div>
                      <div className="muted" style={{ fontSize: 12 }}>
                        {formatDateTime(e.at)}
                      </div>
                      {e.node}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
