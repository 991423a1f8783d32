import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';
import type { Page, PlanView, ProgressState, ProgressView, TaskView } from '../../api/types.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatDateTime, formatNumber, formatPeriod, progressStateLabel } from '../../lib/format.ts';
import { loadPlan } from '../../lib/plans-cache.ts';
import { useAsync } from '../../lib/useAsync.ts';

type Row = ProgressView & { task: TaskView | null };

function ReportDetail({ row }: { row: Row }) {
  const { t } = useI18n();
  const detail = useAsync(() => api.get<ProgressView>(`/progress/${row.id}`), [row.id]);
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={detail.reload} />;
  const d = detail.data;
  if (!d) return <Typography.Text type="secondary">{t('loading')}</Typography.Text>;
  const targets = new Map((row.task?.targets ?? []).map((x) => [x.id, x] as const));
  return (
    <Descriptions column={1} size="small" bordered>
      {d.values.map((v) => {
        const target = targets.get(v.targetId);
        return (
          <Descriptions.Item key={v.targetId} label={target?.subject ?? v.targetId}>
            {formatNumber(v.actual)} {target?.unit ?? ''}
          </Descriptions.Item>
        );
      })}
      <Descriptions.Item label={t('progressText')}>
        <span className="user-text">{d.progress || '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('problemsText')}>
        <span className="user-text">{d.problems || '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('nextStepsText')}>
        <span className="user-text">{d.nextSteps || '—'}</span>
      </Descriptions.Item>
      {d.attachments?.length ? (
        <Descriptions.Item label={t('attachments')}>
          <List
            size="small"
            dataSource={d.attachments}
            renderItem={(a) => (
              <List.Item>
                <a href={`/api/v1/attachments/${a.id}`}>{a.fileName}</a>
              </List.Item>
            )}
          />
        </Descriptions.Item>
      ) : null}
      {d.reviewReason ? (
        <Descriptions.Item label={t('returnedReason')}>
          <span className="user-text">{d.reviewReason}</span>
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

/** The coordinator's queue of submitted progress reports: accept or return with a reason. */
export function ReviewQueuePage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [state, setState] = useState<ProgressState | 'all'>('submitted');
  const [page, setPage] = useState(1);
  const [returning, setReturning] = useState<Row | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const { data, error, loading, reload } = useAsync(async () => {
    const res = await api.get<Page<ProgressView>>('/progress', {
      state: state === 'all' ? undefined : state,
      limit: 20,
      offset: (page - 1) * 20,
    });
    const planIds = [...new Set(res.items.map((p) => p.planId))];
    const plans = await Promise.all(planIds.map((id) => loadPlan(id).catch(() => null)));
    const tasks = new Map<string, TaskView>();
    for (const p of plans.filter((x): x is PlanView => x !== null))
      for (const task of p.tasks) tasks.set(task.id, task);
    return { total: res.total, rows: res.items.map((p) => ({ ...p, task: tasks.get(p.taskId) ?? null })) };
  }, [state, page]);

  const review = async (row: Row, decision: 'accept' | 'return', why?: string) => {
    setBusy(true);
    try {
      await api.post(`/progress/${row.id}/review`, {
        decision,
        version: row.version,
        ...(why ? { reason: why } : {}),
      });
      message.success(decision === 'accept' ? t('progressAccepted') : t('progressReturned'));
      setReturning(null);
      setReason('');
      loadPlan(row.planId, true).catch(() => undefined);
      reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        message.warning(t('conflict'));
        reload();
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
        crumbs={[{ title: t('home'), to: '/' }, { title: t('reviewQueueTitle') }]}
        title={t('reviewQueueTitle')}
      />
      <Card size="small">
        <Tabs
          activeKey={state}
          onChange={(k) => {
            setState(k as ProgressState | 'all');
            setPage(1);
          }}
          items={[
            { key: 'submitted', label: t('progressSubmitted') },
            { key: 'returned', label: t('progressReturned') },
            { key: 'accepted', label: t('progressAccepted') },
            { key: 'all', label: t('all') },
          ]}
        />
        {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
        <Table<Row>
          rowKey="id"
          loading={loading}
          dataSource={data?.rows ?? []}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description={state === 'submitted' ? t('noQueue') : undefined} /> }}
          expandable={{ expandedRowRender: (row) => <ReportDetail row={row} /> }}
          pagination={{
            current: page,
            pageSize: 20,
            total: data?.total ?? 0,
            onChange: setPage,
            showTotal: (n) => t('total', { n }),
          }}
          columns={[
            {
              title: t('task'),
              key: 'task',
              render: (_, r) => <Link to={`/app/tasks/${r.taskId}`}>{r.task?.title ?? r.taskId}</Link>,
            },
            {
              title: t('department'),
              key: 'dept',
              width: 170,
              render: (_, r) => (
                <span>
                  {r.departmentName}{' '}
                  <Tag color={r.departmentRole === 'lead' ? 'red' : 'blue'}>
                    {r.departmentRole === 'lead' ? t('roleLead') : t('roleCooperating')}
                  </Tag>
                </span>
              ),
            },
            {
              title: t('period'),
              dataIndex: 'period',
              width: 110,
              render: (p: string) => formatPeriod(p, lang),
            },
            {
              title: t('submittedAt'),
              dataIndex: 'submittedAt',
              width: 150,
              render: (v: string | null) => formatDateTime(v),
            },
            {
              title: t('state'),
              dataIndex: 'state',
              width: 90,
              render: (s: ProgressState) => progressStateLabel(t, s),
            },
            {
              title: t('actions'),
              key: 'actions',
              width: 170,
              render: (_, r) =>
                r.state === 'submitted' ? (
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      icon={<CheckOutlined />}
                      loading={busy}
                      onClick={() => void review(r, 'accept')}
                      data-testid="accept-report"
                    >
                      {t('accept')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      icon={<RollbackOutlined />}
                      onClick={() => setReturning(r)}
                      data-testid="return-report"
                    >
                      {t('return')}
                    </Button>
                  </Space>
                ) : (
                  <Tag>{t('reviewed')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        open={returning !== null}
        title={`${t('return')}：${returning?.task?.title ?? ''}`}
        okText={t('return')}
        okButtonProps={{ danger: true, disabled: reason.trim() === '', loading: busy }}
        cancelText={t('cancel')}
        onCancel={() => setReturning(null)}
        onOk={() => returning && void review(returning, 'return', reason.trim())}
      >
        <Form layout="vertical">
          <Form.Item
            label={t('returnReason')}
            required
            help={reason.trim() === '' ? t('returnReasonRequired') : undefined}
          >
            <Input.TextArea
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              autoSize={{ minRows: 3 }}
              maxLength={2000}
              aria-label={t('returnReason')}
              data-testid="return-reason-input"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
