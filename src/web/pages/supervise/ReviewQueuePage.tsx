import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError, getAll } from '../../api/client.ts';
import type { Comparator, Department, Page, ProgressState, ProgressView } from '../../api/types.ts';
import type { QueueItem } from '../../api/workbench-types.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import {
  formatDateTime,
  formatNumber,
  formatPeriod,
  progressStateLabel,
  targetValueText,
} from '../../lib/format.ts';
import { loadPlan } from '../../lib/plans-cache.ts';
import { useAsync } from '../../lib/useAsync.ts';

type Row = QueueItem;
const PAGE_SIZE = 20;

/** The report's narrative, and its attachments (fetched only when it has some). */
function ReportDetail({ row }: { row: Row }) {
  const { t } = useI18n();
  const detail = useAsync(
    () => (row.attachments > 0 ? api.get<ProgressView>(`/progress/${row.id}`) : Promise.resolve(null)),
    [row.id, row.attachments],
  );
  return (
    <Descriptions column={1} size="small" bordered>
      <Descriptions.Item label={t('progressText')}>
        <span className="user-text">{row.progress || '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('problemsText')}>
        <span className="user-text">{row.problems || '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('nextStepsText')}>
        <span className="user-text">{row.nextSteps || '—'}</span>
      </Descriptions.Item>
      {row.attachments > 0 ? (
        <Descriptions.Item label={t('attachments')}>
          {detail.error ? <ErrorAlert error={detail.error} onRetry={detail.reload} /> : null}
          {detail.data?.attachments ? (
            <List
              size="small"
              dataSource={detail.data.attachments}
              renderItem={(a) => (
                <List.Item>
                  <a href={`/api/v1/attachments/${a.id}`}>{a.fileName}</a>
                </List.Item>
              )}
            />
          ) : (
            <Typography.Text type="secondary">{t('loading')}</Typography.Text>
          )}
        </Descriptions.Item>
      ) : null}
      {row.reviewReason ? (
        <Descriptions.Item label={t('returnedReason')}>
          <span className="user-text">{row.reviewReason}</span>
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

/** Each target's reported figure beside its goal. */
function Figures({ row }: { row: Row }) {
  const { t } = useI18n();
  if (row.values.length === 0) return <span className="muted">{t('noTargets')}</span>;
  return (
    <ul className="queue-figures" data-testid="queue-figures">
      {row.values.map((v) => (
        <li key={v.targetId}>
          <span className="user-text">{v.subject}</span>：
          <strong>{v.actual === null ? '—' : `${formatNumber(v.actual)} ${v.unit}`}</strong>
          <span className="muted">
            {' '}
            / {t('goal')} {targetValueText(t, { ...v, comparator: v.comparator as Comparator })}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The coordinator's queue of progress reports: the task, its area and lead department, the period, the
 * figures beside their goals and the time of submission; filter by state, department and period; accept
 * or return with a reason right here.
 */
export function ReviewQueuePage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [state, setState] = useState<ProgressState | 'all'>('submitted');
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [period, setPeriod] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [returning, setReturning] = useState<Row | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const departments = useAsync(() => getAll<Department>('/departments'), []);
  const { data, error, loading, reload } = useAsync(
    () =>
      api.get<Page<Row>>('/progress/queue', {
        state: state === 'all' ? undefined : state,
        departmentId,
        period,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      }),
    [state, departmentId, period, page],
  );

  const review = async (row: Row, decision: 'accept' | 'return', why?: string) => {
    setBusy(row.id);
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
      setBusy(null);
    }
  };
  const filtered = departmentId !== undefined || period !== undefined;

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
        <div className="toolbar">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('filterDepartment')}
            aria-label={t('filterDepartment')}
            value={departmentId}
            onChange={(v: string | undefined) => {
              setDepartmentId(v);
              setPage(1);
            }}
            options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
            style={{ width: 200 }}
            data-testid="queue-department"
          />
          <DatePicker
            picker="month"
            allowClear
            placeholder={t('filterPeriod')}
            aria-label={t('filterPeriod')}
            value={period ? dayjs(`${period}-01`) : null}
            onChange={(d) => {
              setPeriod(d ? d.format('YYYY-MM') : undefined);
              setPage(1);
            }}
            data-testid="queue-period"
          />
          {filtered ? (
            <Button
              onClick={() => {
                setDepartmentId(undefined);
                setPeriod(undefined);
                setPage(1);
              }}
            >
              {t('clearFilters')}
            </Button>
          ) : null}
          <span className="muted" data-testid="queue-total">
            {t('total', { n: data?.total ?? 0 })}
          </span>
        </div>
        {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
        <Table<Row>
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 1340 }}
          locale={{
            emptyText: (
              <Empty
                description={filtered ? t('emptyFiltered') : state === 'submitted' ? t('noQueue') : undefined}
              />
            ),
          }}
          expandable={{ expandedRowRender: (row) => <ReportDetail row={row} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            onChange: setPage,
            showTotal: (n) => t('total', { n }),
          }}
          columns={[
            {
              title: t('task'),
              key: 'task',
              width: 260,
              render: (_, r) => (
                <div>
                  <Link to={`/app/tasks/${r.taskId}`}>{r.taskTitle}</Link>
                  <div className="muted" style={{ fontSize: 12 }}>
                    {r.sectionTitle}
                  </div>
                </div>
              ),
            },
            {
              title: t('leadDepartment'),
              key: 'lead',
              width: 120,
              render: (_, r) => r.leadDepartmentName ?? '—',
            },
            {
              title: t('reportingDepartment'),
              key: 'dept',
              width: 150,
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
              width: 100,
              render: (p: string) => formatPeriod(p, lang),
            },
            {
              title: t('figuresAndGoals'),
              key: 'values',
              width: 300,
              render: (_, r) => <Figures row={r} />,
            },
            {
              title: t('submittedAt'),
              dataIndex: 'submittedAt',
              width: 140,
              render: (v: string | null) => formatDateTime(v),
            },
            {
              title: t('state'),
              dataIndex: 'state',
              width: 80,
              render: (s: ProgressState) => progressStateLabel(t, s),
            },
            {
              title: t('actions'),
              key: 'actions',
              width: 170,
              fixed: 'right',
              render: (_, r) =>
                r.state === 'submitted' ? (
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      icon={<CheckOutlined />}
                      loading={busy === r.id}
                      disabled={busy !== null && busy !== r.id}
                      onClick={() => void review(r, 'accept')}
                      data-testid="accept-report"
                    >
                      {t('accept')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      icon={<RollbackOutlined />}
                      disabled={busy !== null}
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
        title={`${t('return')}：${returning?.taskTitle ?? ''}`}
        okText={t('return')}
        okButtonProps={{ danger: true, disabled: reason.trim() === '', loading: busy !== null }}
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
