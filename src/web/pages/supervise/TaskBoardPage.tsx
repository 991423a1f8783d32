import { SearchOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Input, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { TaskView } from '../../api/types.ts';
import { AsOfPicker, asOfParam } from '../../components/AsOfPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PlanPicker } from '../../components/PlanPicker.tsx';
import { SimulatedBanner } from '../../components/SimulatedBanner.tsx';
import { StatusTag } from '../../components/StatusTag.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatPeriod } from '../../lib/format.ts';
import { areasOf, taskMatches } from '../../lib/plan.ts';
import { loadPlan, publishedPlans } from '../../lib/plans-cache.ts';
import {
  countByDisplay,
  DISPLAY_COLOR,
  DISPLAY_ORDER,
  displayLabel,
  displayLevel,
  type DisplayLevel,
} from '../../lib/status.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { useSearchParam } from '../../lib/useSearchParam.ts';

type Row = TaskView & { area: string };

/** Tasks by status (red / yellow / green / grey / done), each with its reason; late reporters. */
export function TaskBoardPage() {
  const { t, lang } = useI18n();
  const [params, setParam] = useSearchParam();
  const planId = params.get('plan');
  const status = (params.get('status') ?? undefined) as DisplayLevel | undefined;
  const asOf = asOfParam(params.get('asOf'));
  const [q, setQ] = useState('');
  const [dept, setDept] = useState<string | undefined>();
  const plans = useAsync(publishedPlans, []);
  const plan = useAsync(
    () => (planId ? loadPlan(planId, true, asOf) : Promise.resolve(null)),
    [planId, asOf],
  );
  const rows = useMemo<Row[]>(
    () => (plan.data ? areasOf(plan.data).flatMap((a) => a.tasks.map((x) => ({ ...x, area: a.title }))) : []),
    [plan.data],
  );
  const departments = useMemo(
    () => [...new Set(rows.map((r) => r.assignment?.leadDepartment).filter((x): x is string => !!x))],
    [rows],
  );
  const counts = countByDisplay(rows.map((r) => r.status));
  // 未完成 (missed) shows once something is judged final.
  const levels = DISPLAY_ORDER.filter((l) => l !== 'missed' || counts.missed > 0);
  const late = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of rows) {
      if (r.status.level !== 'grey' || !r.assignment?.leadDepartment) continue;
      m.set(r.assignment.leadDepartment, (m.get(r.assignment.leadDepartment) ?? 0) + 1);
    }
    return [...m.entries()].sort((a, b) => b[1] - a[1]);
  }, [rows]);
  const filtered = rows.filter(
    (r) =>
      (!status || displayLevel(r.status) === status) &&
      (!dept ||
        r.assignment?.leadDepartment === dept ||
        r.assignment?.cooperatingDepartments.includes(dept)) &&
      taskMatches(r, q),
  );

  return (
    <>
      <PageHeader
        crumbs={[{ title: t('home'), to: '/' }, { title: t('taskBoardTitle') }]}
        title={t('taskBoardTitle')}
        subtitle={
          plan.data?.evaluation ? (
            <span>
              {t('asOfDate')}：<strong>{plan.data.evaluation.asOf}</strong>
            </span>
          ) : null
        }
        extra={
          <Space wrap>
            <AsOfPicker value={asOf} year={plan.data?.year ?? null} onChange={(d) => setParam('asOf', d)} />
            <PlanPicker plans={plans.data ?? []} value={planId} onChange={(id) => setParam('plan', id)} />
          </Space>
        }
      />
      {plan.data ? <SimulatedBanner simulated={plan.data.simulated} /> : null}
      {plans.error ? <ErrorAlert error={plans.error} onRetry={plans.reload} /> : null}
      {plan.error ? <ErrorAlert error={plan.error} onRetry={plan.reload} /> : null}
      {!plans.loading && (plans.data ?? []).length === 0 ? <Empty description={t('noPlans')} /> : null}
      {plan.loading && !plan.data ? <Loading /> : null}
      {plan.data ? (
        <>
          <div className="status-cards">
            {levels.map((l) => (
              <Card
                key={l}
                size="small"
                hoverable
                role="button"
                tabIndex={0}
                aria-pressed={status === l}
                onClick={() => setParam('status', status === l ? undefined : l)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    setParam('status', status === l ? undefined : l);
                  }
                }}
                style={{
                  borderTop: `3px solid ${DISPLAY_COLOR[l]}`,
                  background: status === l ? '#fafafa' : undefined,
                }}
                data-testid={`status-card-${l}`}
              >
                <div className="muted">{displayLabel(t, l)}</div>
                <div style={{ fontSize: 26, fontWeight: 600, color: DISPLAY_COLOR[l] }}>{counts[l]}</div>
              </Card>
            ))}
          </div>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={18}>
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
                  <Select
                    allowClear
                    placeholder={t('filterStatus')}
                    aria-label={t('filterStatus')}
                    value={status}
                    onChange={(v: DisplayLevel | undefined) => setParam('status', v)}
                    options={levels.map((l) => ({ value: l, label: displayLabel(t, l) }))}
                    style={{ width: 150 }}
                  />
                  <Select
                    allowClear
                    showSearch
                    placeholder={t('filterDepartment')}
                    aria-label={t('filterDepartment')}
                    value={dept}
                    onChange={setDept}
                    options={departments.map((d) => ({ value: d, label: d }))}
                    style={{ width: 200 }}
                  />
                </div>
                <Table<Row>
                  rowKey="id"
                  size="small"
                  dataSource={filtered}
                  scroll={{ x: 960 }}
                  locale={{ emptyText: <Empty description={t('emptyFiltered')} /> }}
                  pagination={{
                    defaultPageSize: 20,
                    showSizeChanger: true,
                    showTotal: (n) => t('total', { n }),
                  }}
                  columns={[
                    {
                      title: t('task'),
                      key: 'title',
                      render: (_, r) => (
                        <div>
                          <Link to={`/app/tasks/${r.id}`}>{r.title}</Link>
                          <div className="muted" style={{ fontSize: 12 }}>
                            {r.area}
                          </div>
                        </div>
                      ),
                    },
                    {
                      title: t('leadDepartment'),
                      key: 'lead',
                      width: 140,
                      render: (_, r) => r.assignment?.leadDepartment ?? <Tag>{t('unassigned')}</Tag>,
                    },
                    {
                      title: t('responsibleLeader'),
                      key: 'leader',
                      width: 100,
                      render: (_, r) => r.assignment?.leader ?? '—',
                    },
                    {
                      title: t('deadline'),
                      key: 'deadline',
                      width: 100,
                      render: (_, r) => r.assignment?.deadline ?? '—',
                    },
                    {
                      title: t('status'),
                      key: 'status',
                      width: 260,
                      sorter: (a, b) =>
                        DISPLAY_ORDER.indexOf(displayLevel(a.status)) -
                        DISPLAY_ORDER.indexOf(displayLevel(b.status)),
                      render: (_, r) => <StatusTag status={r.status} showReason />,
                    },
                    {
                      title: t('latestProgress'),
                      key: 'latest',
                      width: 110,
                      render: (_, r) =>
                        r.latestProgress ? formatPeriod(r.latestProgress.period, lang) : '—',
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={6}>
              <Card size="small" title={t('lateReporters')}>
                <List
                  size="small"
                  dataSource={late}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
                  renderItem={([name, n]) => (
                    <List.Item
                      actions={[
                        <Typography.Link key="f" onClick={() => setDept(name)}>
                          {n}
                        </Typography.Link>,
                      ]}
                    >
                      {name}
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
          </Row>
        </>
      ) : null}
    </>
  );
}
