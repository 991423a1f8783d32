import { EditOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Input, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { MyTask, ProgressState, ProgressView, StatusLevel } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusTag } from '../../components/StatusTag.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatPeriod, progressStateLabel, STATUS_ORDER, statusLabel } from '../../lib/format.ts';
import { taskMatches } from '../../lib/plan.ts';
import { currentPeriod, dueDateOf } from '../../lib/periods.ts';
import { useAsync } from '../../lib/useAsync.ts';

type Row = MyTask & { period: string; mine: ProgressView | null };

const STATE_COLOR: Record<ProgressState, string> = {
  draft: 'default',
  submitted: 'processing',
  accepted: 'success',
  returned: 'error',
};

/** A reporter's tasks: what is due this period, what was returned, and the way to report. */
export function MyTasksPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<StatusLevel | undefined>();
  const { data, error, loading, reload } = useAsync(async () => {
    const tasks = (await api.get<{ items: MyTask[] }>('/my/tasks')).items;
    const now = new Date();
    return Promise.all(
      tasks.map(async (task): Promise<Row> => {
        const period = currentPeriod(task.planYear, now);
        const reports = await api
          .get<{ items: ProgressView[] }>(`/tasks/${task.id}/progress`)
          .catch(() => ({ items: [] }));
        const own = reports.items.filter((p) => p.departmentId === user?.departmentId);
        const returned = own.find((p) => p.state === 'returned');
        const mine = returned ?? own.find((p) => p.period === period) ?? null;
        return { ...task, period, mine };
      }),
    );
  }, [user?.departmentId]);
  const rows = useMemo(
    () => (data ?? []).filter((r) => taskMatches(r, q) && (!status || r.status.level === status)),
    [data, q, status],
  );
  const all = data ?? [];
  const due = all.filter((r) => !r.mine || r.mine.state === 'draft').length;
  const returned = all.filter((r) => r.mine?.state === 'returned');
  const waiting = all.filter((r) => r.mine?.state === 'submitted').length;

  return (
    <>
      <PageHeader
        crumbs={[{ title: t('home'), to: '/' }, { title: t('myTasksTitle') }]}
        title={t('myTasksTitle')}
      />
      {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
      {returned.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('returnedAlert')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {returned.map((r) => (
                <li key={r.id}>
                  <Link to={`/app/my/${r.id}/report?period=${r.mine?.period ?? r.period}`}>{r.title}</Link>：
                  <span className="user-text">{r.mine?.reviewReason}</span>
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('tasksTotal')} value={all.length} loading={loading} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('dueThisPeriod')}
              value={due}
              loading={loading}
              valueStyle={{ color: due ? '#d48806' : undefined }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('progressReturned')}
              value={returned.length}
              loading={loading}
              valueStyle={{ color: returned.length ? '#cf1322' : undefined }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('pendingReview')} value={waiting} loading={loading} />
          </Card>
        </Col>
      </Row>
      <Card size="small">
        <div className="toolbar">
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('searchPlaceholder')}
            aria-label={t('search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 260 }}
          />
          <Select<StatusLevel>
            allowClear
            placeholder={t('filterStatus')}
            aria-label={t('filterStatus')}
            value={status}
            onChange={setStatus}
            options={STATUS_ORDER.map((l) => ({ value: l, label: statusLabel(t, l) }))}
            style={{ width: 160 }}
          />
        </div>
        <Table<Row>
          rowKey="id"
          loading={loading}
          dataSource={rows}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description={q || status ? t('emptyFiltered') : t('noMyTasks')} /> }}
          pagination={{ pageSize: 10, showTotal: (n) => t('total', { n }) }}
          columns={[
            {
              title: t('task'),
              key: 'title',
              render: (_, r) => (
                <div>
                  <Link to={`/app/tasks/${r.id}`}>{r.title}</Link>
                  <div className="muted" style={{ fontSize: 12 }}>
                    {r.planTitle}
                  </div>
                </div>
              ),
            },
            {
              title: t('myRole'),
              dataIndex: 'role',
              width: 90,
              render: (v: MyTask['role']) => (
                <Tag color={v === 'lead' ? 'red' : 'blue'}>
                  {v === 'lead' ? t('roleLead') : t('roleCooperating')}
                </Tag>
              ),
            },
            {
              title: t('deadline'),
              key: 'deadline',
              width: 110,
              render: (_, r) => r.assignment?.deadline ?? '—',
            },
            {
              title: t('status'),
              key: 'status',
              width: 110,
              render: (_, r) => <StatusTag status={r.status} />,
            },
            {
              title: t('dueThisPeriod'),
              key: 'due',
              width: 240,
              render: (_, r) =>
                r.mine ? (
                  <Space direction="vertical" size={0}>
                    <span>
                      {formatPeriod(r.mine.period, lang)}{' '}
                      <Tag color={STATE_COLOR[r.mine.state]}>{progressStateLabel(t, r.mine.state)}</Tag>
                    </span>
                  </Space>
                ) : (
                  <span style={{ color: '#d48806' }}>
                    {t('dueBy', { period: formatPeriod(r.period, lang), date: dueDateOf(r.period) })}
                  </span>
                ),
            },
            {
              title: t('actions'),
              key: 'actions',
              width: 130,
              render: (_, r) => (
                <Button
                  size="small"
                  type={
                    !r.mine || r.mine.state === 'returned' || r.mine.state === 'draft' ? 'primary' : 'default'
                  }
                  icon={<EditOutlined />}
                  onClick={() => void navigate(`/app/my/${r.id}/report?period=${r.mine?.period ?? r.period}`)}
                  data-testid="report-button"
                >
                  {r.mine?.state === 'returned' ? t('resubmit') : t('reportNow')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
