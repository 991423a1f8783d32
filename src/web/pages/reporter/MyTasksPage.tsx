import { CalendarOutlined, EditOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Input, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { MyTask } from '../../api/types.ts';
import type { Calendar, CalendarItem } from '../../api/workbench-types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusTag } from '../../components/StatusTag.tsx';
import { useI18n, type Translate } from '../../i18n/I18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { formatPeriod, formatPeriodRange } from '../../lib/format.ts';
import { taskMatches } from '../../lib/plan.ts';
import { DISPLAY_ORDER, displayLabel, displayLevel, type DisplayLevel } from '../../lib/status.ts';
import { useAsync } from '../../lib/useAsync.ts';

/** A task with the report item in focus (returned first, else its current or last period). */
type Row = MyTask & { item: CalendarItem | null };

const ITEM_STATE: Record<CalendarItem['state'], { key: MessageKey; color: string }> = {
  due: { key: 'calDue', color: 'gold' },
  late: { key: 'calLate', color: 'error' },
  returned: { key: 'progressReturned', color: 'error' },
  submitted: { key: 'progressSubmitted', color: 'processing' },
  accepted: { key: 'progressAccepted', color: 'success' },
  upcoming: { key: 'calUpcoming', color: 'default' },
  overdue: { key: 'calOverdue', color: 'error' },
};
const KIND_KEY: Record<CalendarItem['kind'], MessageKey> = {
  report: 'calKindReport',
  deadline: 'calKindDeadline',
  milestone: 'calKindMilestone',
};
const OPEN = new Set<CalendarItem['state']>(['due', 'late', 'returned', 'upcoming', 'overdue']);

/** "剩 3 天" / "今天截止" / "逾期 5 天", coloured by urgency. */
function DaysLeft({ item, t }: { item: CalendarItem; t: Translate }) {
  if (!OPEN.has(item.state)) return <span className="muted">—</span>;
  const d = item.daysLeft;
  const text = d < 0 ? t('daysOverdue', { n: -d }) : d === 0 ? t('dueToday') : t('daysLeft', { n: d });
  const color = d < 0 ? '#a8071a' : d <= 3 ? '#ad4e00' : '#374151';
  return (
    <span style={{ color, fontWeight: d <= 3 ? 600 : 400 }} data-testid="days-left">
      {text}
    </span>
  );
}

/** A reporter's tasks: what is due this period and when (本期应报), what is late or returned, and the way to report. */
export function MyTasksPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<DisplayLevel | undefined>();
  const { data, error, loading, reload } = useAsync(async () => {
    const [tasks, calendar] = await Promise.all([
      api.get<{ items: MyTask[] }>('/my/tasks'),
      api.get<Calendar>('/my/calendar'),
    ]);
    const reports = calendar.items.filter((i) => i.kind === 'report');
    const rows = tasks.items.map((task): Row => {
      const mine = reports.filter((i) => i.taskId === task.id);
      // Returned first, else the latest period listed (the one in focus).
      const item =
        mine.find((i) => i.state === 'returned') ??
        mine.reduce<CalendarItem | null>((a, b) => (a && a.due > b.due ? a : b), null);
      return { ...task, item };
    });
    return { rows, calendar };
  }, []);
  const rows = useMemo(
    () =>
      (data?.rows ?? []).filter((r) => taskMatches(r, q) && (!status || displayLevel(r.status) === status)),
    [data, q, status],
  );
  const calendar = data?.calendar;
  const returned = (calendar?.items ?? []).filter((i) => i.state === 'returned');
  const agenda = (calendar?.items ?? []).filter((i) => OPEN.has(i.state));
  const reportLink = (taskId: string, period: string | null): string =>
    `/app/my/${taskId}/report${period ? `?period=${period}` : ''}`;

  return (
    <>
      <PageHeader
        crumbs={[{ title: t('home'), to: '/' }, { title: t('myTasksTitle') }]}
        title={t('myTasksTitle')}
        subtitle={
          calendar ? (
            <span data-testid="period-summary">
              {calendar.period && calendar.periodDue
                ? t('periodSummary', {
                    today: calendar.asOf,
                    period: formatPeriod(calendar.period, lang),
                    due: calendar.periodDue,
                  })
                : t('periodSummaryNone', { today: calendar.asOf })}
            </span>
          ) : null
        }
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
                <li key={r.key}>
                  <Link to={reportLink(r.taskId, r.period)}>{r.taskTitle}</Link>
                  {r.period ? `（${formatPeriod(r.period, lang)}）` : ''}：
                  <span className="user-text">{r.reviewReason}</span>
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('tasksTotal')} value={data?.rows.length ?? 0} loading={loading} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('dueThisPeriod')}
              value={calendar?.counts.due ?? 0}
              loading={loading}
              valueStyle={{ color: calendar?.counts.due ? '#ad4e00' : undefined }}
              data-testid="count-due"
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('calLateCount')}
              value={calendar?.counts.late ?? 0}
              loading={loading}
              valueStyle={{ color: calendar?.counts.late ? '#a8071a' : undefined }}
              data-testid="count-late"
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('progressReturned')}
              value={calendar?.counts.returned ?? 0}
              loading={loading}
              valueStyle={{ color: calendar?.counts.returned ? '#a8071a' : undefined }}
            />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={
          <Space>
            <CalendarOutlined />
            {t('agendaTitle')}
          </Space>
        }
        style={{ marginBottom: 16 }}
        data-testid="agenda"
      >
        <Table<CalendarItem>
          rowKey="key"
          size="small"
          loading={loading}
          dataSource={agenda}
          scroll={{ x: 860 }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('agendaEmpty')} />,
          }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('total', { n }) }}
          columns={[
            {
              title: t('calItem'),
              key: 'kind',
              width: 170,
              render: (_, i) => (
                <Space direction="vertical" size={0}>
                  <span>{t(KIND_KEY[i.kind])}</span>
                  {i.periods.length > 1 ? (
                    <span className="muted" data-testid="agenda-periods">
                      {t('calPeriodsRange', {
                        range: formatPeriodRange(i.periods[0] ?? '', i.periods.at(-1) ?? '', lang),
                        n: i.periods.length,
                      })}
                    </span>
                  ) : i.period ? (
                    <span className="muted">{formatPeriod(i.period, lang)}</span>
                  ) : null}
                </Space>
              ),
            },
            {
              title: t('task'),
              key: 'task',
              render: (_, i) => (
                <div>
                  <Link to={`/app/tasks/${i.taskId}`}>{i.taskTitle}</Link>
                  {i.text ? <div className="muted user-text">{i.text}</div> : null}
                </div>
              ),
            },
            { title: t('dueDate'), dataIndex: 'due', width: 110 },
            {
              title: t('calDaysLeft'),
              key: 'days',
              width: 110,
              render: (_, i) => <DaysLeft item={i} t={t} />,
            },
            {
              title: t('state'),
              key: 'state',
              width: 100,
              render: (_, i) => (
                <Tag color={ITEM_STATE[i.state].color} data-testid="agenda-state" data-state={i.state}>
                  {t(ITEM_STATE[i.state].key)}
                </Tag>
              ),
            },
            {
              title: t('actions'),
              key: 'actions',
              width: 120,
              render: (_, i) =>
                i.kind === 'report' ? (
                  <Button
                    size="small"
                    type="primary"
                    icon={<EditOutlined />}
                    onClick={() => void navigate(reportLink(i.taskId, i.period))}
                    data-testid="agenda-report"
                  >
                    {i.state === 'returned' ? t('resubmit') : t('reportNow')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('myTasksAll')}>
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
          <Select<DisplayLevel>
            allowClear
            placeholder={t('filterStatus')}
            aria-label={t('filterStatus')}
            value={status}
            onChange={setStatus}
            options={DISPLAY_ORDER.map((l) => ({ value: l, label: displayLabel(t, l) }))}
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
              width: 250,
              render: (_, r) =>
                r.item ? (
                  <Space size={4} wrap>
                    <span>{formatPeriod(r.item.period ?? '', lang)}</span>
                    <Tag color={ITEM_STATE[r.item.state].color}>{t(ITEM_STATE[r.item.state].key)}</Tag>
                    {OPEN.has(r.item.state) ? (
                      <span className="muted">
                        {t('dueOn', { date: r.item.due })} · <DaysLeft item={r.item} t={t} />
                      </span>
                    ) : null}
                  </Space>
                ) : (
                  <span className="muted">{t('nothingDue')}</span>
                ),
            },
            {
              title: t('actions'),
              key: 'actions',
              width: 130,
              render: (_, r) => (
                <Button
                  size="small"
                  type={!r.item || OPEN.has(r.item.state) ? 'primary' : 'default'}
                  icon={<EditOutlined />}
                  onClick={() => void navigate(reportLink(r.id, r.item?.period ?? null))}
                  data-testid="report-button"
                >
                  {r.item?.state === 'returned' ? t('resubmit') : t('reportNow')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
