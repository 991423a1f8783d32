import {
  AlertOutlined,
  CheckCircleOutlined,
  CommentOutlined,
  EditOutlined,
  FileDoneOutlined,
  RollbackOutlined,
  SwapOutlined,
} from '@ant-design/icons';
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
import type { Page, TaskDetail } from '../../api/types.ts';
import type { TimelineEvent } from '../../api/workbench-types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SimulatedBanner, SimulatedTag } from '../../components/SimulatedBanner.tsx';
import { StatusTag } from '../../components/StatusTag.tsx';
import { TargetLine } from '../../components/TargetLine.tsx';
import { useI18n, type Translate } from '../../i18n/I18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { formatDateTime, formatNumber, formatPeriod } from '../../lib/format.ts';
import { loadPlan } from '../../lib/plans-cache.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { InputCoverageCard } from '../reporter/CooperationInputs.tsx';
import { EvaluationOverridesButton } from '../supervision/EvaluationOverridesButton.tsx';
import { IssueNoticeButton } from '../supervision/IssueNoticeButton.tsx';

const PAGE = 20;

/** Labels of the fields an assignment, task or target change touches. */
const FIELD_KEY: Record<string, MessageKey> = {
  leaderId: 'responsibleLeader',
  leadDepartmentId: 'leadDepartment',
  cooperatingDepartmentIds: 'cooperatingDepartments',
  deadline: 'deadline',
  milestones: 'milestones',
  title: 'taskTitle',
  subject: 'subject',
  low: 'low',
  high: 'high',
  unit: 'unit',
  comparator: 'comparator',
  direction: 'direction',
  horizon: 'horizon',
  dueYear: 'dueYear',
  state: 'state',
};

const KIND: Record<TimelineEvent['kind'], { color: string; icon: ReactNode; title: MessageKey }> = {
  'report-submitted': { color: 'blue', icon: <FileDoneOutlined />, title: 'tlReportSubmitted' },
  'report-resubmitted': { color: 'blue', icon: <FileDoneOutlined />, title: 'tlReportResubmitted' },
  'report-accepted': { color: 'green', icon: <CheckCircleOutlined />, title: 'tlReportAccepted' },
  'report-returned': { color: 'red', icon: <RollbackOutlined />, title: 'tlReportReturned' },
  comment: { color: 'gray', icon: <CommentOutlined />, title: 'comment' },
  instruction: { color: 'red', icon: <EditOutlined />, title: 'instruction' },
  assignment: { color: 'purple', icon: <SwapOutlined />, title: 'tlAssignment' },
  task: { color: 'purple', icon: <EditOutlined />, title: 'tlTask' },
  target: { color: 'purple', icon: <EditOutlined />, title: 'tlTarget' },
  adjustment: { color: 'orange', icon: <SwapOutlined />, title: 'tlAdjustment' },
  'notice-issued': { color: 'orange', icon: <AlertOutlined />, title: 'tlNoticeIssued' },
  'notice-replied': { color: 'orange', icon: <AlertOutlined />, title: 'tlNoticeReplied' },
  'notice-closed': { color: 'gray', icon: <AlertOutlined />, title: 'tlNoticeClosed' },
};

/** One event of the task's history: who did what, with the report's figures or the changed fields. */
function EventBody({
  e,
  t,
  lang,
  simulated,
}: {
  e: TimelineEvent;
  t: Translate;
  lang: 'zh-CN' | 'en';
  simulated: string | null;
}) {
  const k = KIND[e.kind];
  const report = e.kind.startsWith('report-');
  const head = report
    ? t(k.title, { dept: e.departmentName ?? '', period: e.period ? formatPeriod(e.period, lang) : '' })
    : t(k.title);
  return (
    <div data-testid="timeline-event" data-kind={e.kind}>
      <Space size={6} wrap>
        {e.kind === 'instruction' || e.kind === 'comment' ? (
          <Tag color={e.kind === 'instruction' ? 'red' : 'default'}>{head}</Tag>
        ) : (
          <strong>{head}</strong>
        )}
        {e.subject ? <span className="user-text">{e.subject}</span> : null}
        {e.actorName ? <span className="muted">{e.actorName}</span> : null}
        {e.source === 'record' && simulated ? <SimulatedTag note={simulated} /> : null}
      </Space>
      {e.values.length ? (
        <ul className="timeline-values">
          {e.values.map((v) => (
            <li key={v.targetId}>
              <span className="user-text">{v.subject}</span>：{formatNumber(v.actual)} {v.unit}
            </li>
          ))}
        </ul>
      ) : null}
      {e.kind === 'report-returned' && e.text ? (
        <div className="timeline-reason" data-testid="timeline-return-reason">
          {t('returnedReason')}：<span className="user-text">{e.text}</span>
        </div>
      ) : e.kind === 'instruction' || e.kind === 'comment' ? (
        <div data-testid={e.kind}>
          <div className="user-text" data-testid="comment-body">
            {e.text}
          </div>
        </div>
      ) : e.text ? (
        <div className="user-text">{e.text}</div>
      ) : null}
      {e.problems ? (
        <div className="user-text muted">
          {t('problemsText')}：{e.problems}
        </div>
      ) : null}
      {e.changes.length ? (
        <ul className="timeline-values">
          {e.changes.map((c) => (
            <li key={c.field}>
              {FIELD_KEY[c.field] ? t(FIELD_KEY[c.field] as MessageKey) : c.field}：
              <span className="user-text">{c.before ?? '—'}</span> →{' '}
              <span className="user-text">{c.after ?? '—'}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** One task: assignment, targets, status, and its history (reports, reviews, comments, 批示, changes) as one timeline. */
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
  const [pages, setPages] = useState(1);
  const data = useAsync(async () => {
    const task = await api.get<TaskDetail>(`/tasks/${taskId}`);
    const [timeline, plan] = await Promise.all([
      api
        .get<Page<TimelineEvent>>(`/tasks/${taskId}/timeline`, { limit: PAGE * pages, offset: 0 })
        .catch(() => null),
      loadPlan(task.planId).catch(() => null),
    ]);
    return { task, timeline, simulated: plan?.simulated ?? null };
  }, [taskId, pages]);

  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const { task, timeline, simulated } = data.data;
  const a = task.assignment;
  const canComment = user?.role === 'coordinator' || user?.role === 'leader' || user?.role === 'reporter';
  const involved =
    user?.role === 'reporter' &&
    user.departmentId !== null &&
    (a?.leadDepartmentId === user.departmentId || a?.cooperatingDepartmentIds.includes(user.departmentId));
  const events = timeline?.items ?? [];

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
          <Space wrap>
            <IssueNoticeButton task={task} />
            <EvaluationOverridesButton taskId={task.id} onSaved={data.reload} />
            {involved ? (
              <Button type="primary" onClick={() => void navigate(`/app/my/${task.id}/report`)}>
                {t('reportNow')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <SimulatedBanner simulated={simulated} />
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
          {user?.role === 'coordinator' || user?.role === 'leader' ? <InputCoverageCard task={task} /> : null}
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
                  key: e.id,
                  color: KIND[e.kind].color,
                  dot: KIND[e.kind].icon,
                  children: (
                    <div>
                      <div className="muted" style={{ fontSize: 12 }}>
                        {formatDateTime(e.at)}
                      </div>
                      <EventBody e={e} t={t} lang={lang} simulated={simulated?.note ?? null} />
                    </div>
                  ),
                }))}
              />
            )}
            {timeline && timeline.total > events.length ? (
              <Button block onClick={() => setPages((n) => n + 1)} loading={data.loading}>
                {t('loadMore', { n: timeline.total - events.length })}
              </Button>
            ) : null}
          </Card>
        </Col>
      </Row>
    </>
  );
}
