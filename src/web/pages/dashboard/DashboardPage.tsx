import { Card, Col, Empty, List, Row, Segmented, Space, Statistic, Tag } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { api, getAll } from '../../api/client.ts';
import type { ProgressView, TaskView } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { AsOfPicker, asOfParam } from '../../components/AsOfPicker.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PlanPicker } from '../../components/PlanPicker.tsx';
import { SimulatedBanner } from '../../components/SimulatedBanner.tsx';
import { StatusTag } from '../../components/StatusTag.tsx';
import { useI18n, type Translate } from '../../i18n/I18n.tsx';
import { percent, STATUS_COLOR } from '../../lib/format.ts';
import { areasOf } from '../../lib/plan.ts';
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
import { EChart, type ChartOption } from './EChart.tsx';

/** The part of GET /plans/:planId/evaluation the dashboard draws: department scores and ranking. */
type PlanEvaluation = {
  asOf: string;
  yearEnded: boolean;
  departments: {
    departmentId: string;
    name: string;
    score: number;
    rank: number;
    reporting: {
      onTimeRate: number | null;
      due: number;
      onTime: number;
      late: number;
      missing: number;
    } | null;
  }[];
};
import { PromiseDashboardCard } from '../promises/PromiseDashboardCard.tsx';

/** A task's completion: the mean of its targets' (capped at 100%), else 1 when done, else 0. */
function taskCompletion(task: TaskView): number {
  const values = task.targets.map((x) => x.status.completion).filter((c): c is number => c !== null);
  if (values.length > 0) return values.reduce((s, c) => s + Math.min(1, c), 0) / values.length;
  return task.status.level === 'done' ? 1 : 0;
}

function stackedBar(
  t: Translate,
  names: string[],
  tasksOf: (name: string) => TaskView[],
  horizontal: boolean,
  levels: DisplayLevel[],
): ChartOption {
  const category = { type: 'category', data: names, axisLabel: { width: 110, overflow: 'truncate' } };
  const value = { type: 'value', minInterval: 1 };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
    xAxis: horizontal ? value : { ...category, axisLabel: { rotate: 30, width: 80, overflow: 'truncate' } },
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: levels.map((l) => ({
      name: displayLabel(t, l),
      type: 'bar',
      stack: 'all',
      itemStyle: { color: DISPLAY_COLOR[l] },
      data: names.map((n) => tasksOf(n).filter((x) => displayLevel(x.status) === l).length),
    })),
  };
}

/** The leader's picture in one glance: completion, status mixes, ranking, key targets, trend. */
export function DashboardPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [params, setParam] = useSearchParam();
  const planId = params.get('plan');
  const scope = params.get('scope') === 'mine' ? 'mine' : 'all';
  // The evaluation date is in the URL (?asOf=YYYY-MM-DD), so a view can be shared; none means today.
  const asOf = asOfParam(params.get('asOf'));
  const plans = useAsync(publishedPlans, []);
  const data = useAsync(async () => {
    if (!planId) return null;
    const query = asOf ? { asOf } : undefined;
    const [plan, evaluation, progress] = await Promise.all([
      loadPlan(planId, true, asOf),
      api.get<PlanEvaluation>(`/plans/${planId}/evaluation`, query),
      getAll<ProgressView>('/progress'),
    ]);
    return { plan, evaluation, progress: progress.filter((p) => p.planId === planId) };
  }, [planId, asOf]);

  const plan = data.data?.plan;
  const judgedAt = plan?.evaluation?.asOf ?? asOf;
  const yearEnded = plan?.evaluation?.yearEnded ?? false;
  const tasks = useMemo(() => {
    const all = plan?.tasks ?? [];
    return scope === 'mine' && user?.leaderId
      ? all.filter((x) => x.assignment?.leaderId === user.leaderId)
      : all;
  }, [plan, scope, user?.leaderId]);

  const charts = useMemo(() => {
    if (!plan) return null;
    const ids = new Set(tasks.map((x) => x.id));
    const counts = countByDisplay(tasks.map((x) => x.status));
    // 未完成 appears once something is judged final (a deadline or the year has passed).
    const levels = DISPLAY_ORDER.filter((l) => l !== 'missed' || counts.missed > 0);
    const lastMonth = judgedAt && judgedAt.slice(0, 4) === String(plan.year) ? judgedAt.slice(0, 7) : null;
    const overall = tasks.length ? tasks.reduce((s, x) => s + taskCompletion(x), 0) / tasks.length : 0;
    const areas = areasOf(plan)
      .map((a) => ({ ...a, tasks: a.tasks.filter((x) => ids.has(x.id)) }))
      .filter((a) => a.tasks.length > 0);
    const byDept = new Map<string, TaskView[]>();
    for (const x of tasks) {
      const d = x.assignment?.leadDepartment;
      if (!d) continue;
      byDept.set(d, [...(byDept.get(d) ?? []), x]);
    }
    const deptNames = [...byDept.keys()]
      .sort((a, b) => (byDept.get(b)?.length ?? 0) - (byDept.get(a)?.length ?? 0))
      .slice(0, 15);
    // Department scores from the evaluation API: progress of their tasks (60%) and on-time reporting (40%).
    const ranking = (data.data?.evaluation.departments ?? [])
      .filter((d) => scope === 'all' || byDept.has(d.name))
      .slice(0, 12);
    const targets = tasks
      .flatMap((x) => x.targets)
      .sort(
        (a, b) =>
          (b.latest ? 1 : 0) - (a.latest ? 1 : 0) || (b.status.completion ?? 0) - (a.status.completion ?? 0),
      )
      .slice(0, 6);
    const periods = new Map<string, { submitted: number; accepted: number }>();
    for (const p of data.data?.progress ?? []) {
      if (!ids.has(p.taskId) || p.state === 'draft') continue;
      const e = periods.get(p.period) ?? { submitted: 0, accepted: 0 };
      e.submitted += 1;
      if (p.state === 'accepted') e.accepted += 1;
      periods.set(p.period, e);
    }
    const months = Array.from(
      { length: 12 },
      (_, i) => `${plan.year}-${String(i + 1).padStart(2, '0')}`,
    ).filter((m) => lastMonth === null || m <= lastMonth);
    const statusPie: ChartOption = {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '45%'],
          label: { formatter: '{b} {c}' },
          data: levels
            .filter((l) => counts[l] > 0)
            .map((l) => ({
              name: displayLabel(t, l),
              value: counts[l],
              itemStyle: { color: DISPLAY_COLOR[l] },
            })),
        },
      ],
    };
    const gauge = (value: number, name: string, small: boolean): ChartOption => ({
      series: [
        {
          type: 'gauge',
          min: 0,
          max: 100,
          progress: { show: true, width: small ? 10 : 16 },
          axisLine: { lineStyle: { width: small ? 10 : 16 } },
          axisTick: { show: false },
          splitLine: { show: !small, length: 8 },
          axisLabel: { show: !small, distance: 20 },
          pointer: { show: false },
          title: { show: small, offsetCenter: [0, '78%'], fontSize: 12, overflow: 'truncate', width: 140 },
          detail: {
            valueAnimation: true,
            formatter: '{value}%',
            fontSize: small ? 18 : 28,
            offsetCenter: [0, small ? '10%' : '0%'],
          },
          itemStyle: { color: value >= 100 ? STATUS_COLOR.green : '#1f5fae' },
          data: [{ value: Math.round(value), name }],
        },
      ],
    });
    return {
      counts,
      overall,
      statusPie,
      overallGauge: gauge(overall * 100, t('overallCompletion'), false),
      levels,
      byArea: stackedBar(
        t,
        areas.map((a) => a.title),
        (n) => areas.find((a) => a.title === n)?.tasks ?? [],
        true,
        levels,
      ),
      byDept: stackedBar(t, deptNames, (n) => byDept.get(n) ?? [], false, levels),
      rankingText: ranking
        .map(
          (r) =>
            `${r.rank}. ${r.name} ${r.score}（${t('onTimeRate')} ${percent(r.reporting?.onTimeRate ?? null)}）`,
        )
        .join('；'),
      ranking: {
        tooltip: {
          trigger: 'axis',
          formatter: (items: { dataIndex: number }[]) => {
            const r = ranking[items[0]?.dataIndex ?? 0];
            return r
              ? `${r.rank}. ${r.name}<br/>${t('score')} ${r.score}<br/>${t('onTimeRate')} ${percent(r.reporting?.onTimeRate ?? null)}`
              : '';
          },
        },
        grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', max: 100 },
        yAxis: { type: 'category', inverse: true, data: ranking.map((r) => r.name) },
        series: [
          {
            type: 'bar',
            data: ranking.map((r) => r.score),
            itemStyle: { color: '#1f5fae' },
            label: { show: true, position: 'right', formatter: '{c}' },
          },
        ],
      },
      targets: targets.map((x) => ({
        id: x.id,
        option: gauge(Math.min(1, x.status.completion ?? 0) * 100, x.subject, true),
        label: x.subject,
      })),
      trend: {
        tooltip: { trigger: 'axis' },
        legend: { bottom: 0 },
        grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
        xAxis: { type: 'category', data: months.map((m) => m.slice(5)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            name: t('reportsSubmitted'),
            type: 'line',
            smooth: true,
            data: months.map((m) => periods.get(m)?.submitted ?? 0),
          },
          {
            name: t('reportsAccepted'),
            type: 'line',
            smooth: true,
            data: months.map((m) => periods.get(m)?.accepted ?? 0),
            itemStyle: { color: STATUS_COLOR.green },
          },
        ],
      },
      // Behind or missed, worst first.
      lagging: tasks
        .filter((x) => ['missed', 'red', 'yellow'].includes(displayLevel(x.status)))
        .sort(
          (a, b) =>
            DISPLAY_ORDER.indexOf(displayLevel(a.status)) - DISPLAY_ORDER.indexOf(displayLevel(b.status)),
        ),
      pending: (data.data?.progress ?? []).filter((p) => ids.has(p.taskId) && p.state === 'submitted').length,
    };
  }, [plan, tasks, data.data, t, judgedAt, scope]);

  const lagging: TaskView[] = charts?.lagging ?? [];
  return (
    <>
      <PageHeader
        crumbs={[{ title: t('home'), to: '/' }, { title: t('dashboardTitle') }]}
        title={t('dashboardTitle')}
        subtitle={
          plan ? (
            <Space wrap size={8} data-testid="as-of-summary">
              <span>
                {t('asOfDate')}：<strong data-testid="as-of-date">{judgedAt}</strong>
                {asOf ? null : <span className="muted">（{t('asOfTodayPlaceholder')}）</span>}
              </span>
              {yearEnded ? (
                <Tag color="#1f5fae" data-testid="year-ended">
                  {t('yearEndedFinal')}
                </Tag>
              ) : null}
            </Space>
          ) : null
        }
        extra={
          <Space wrap>
            <AsOfPicker value={asOf} year={plan?.year ?? null} onChange={(d) => setParam('asOf', d)} />
            {user?.leaderId ? (
              <Segmented
                value={scope}
                onChange={(v) => setParam('scope', String(v))}
                options={[
                  { value: 'all', label: t('wholeRegion') },
                  { value: 'mine', label: t('myPortfolio') },
                ]}
              />
            ) : null}
            <PlanPicker plans={plans.data ?? []} value={planId} onChange={(id) => setParam('plan', id)} />
          </Space>
        }
      />
      {plans.error ? <ErrorAlert error={plans.error} onRetry={plans.reload} /> : null}
      {data.error ? <ErrorAlert error={data.error} onRetry={data.reload} /> : null}
      {!plans.loading && (plans.data ?? []).length === 0 ? <Empty description={t('noPlans')} /> : null}
      {(plans.loading || data.loading) && !charts ? <Loading rows={10} /> : null}
      {plan ? <SimulatedBanner simulated={plan.simulated} /> : null}
      {charts ? (
        <>
          <PromiseDashboardCard planId={planId} />
          <Row gutter={[12, 12]} className="stat-grid" style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('tasksTotal')} value={tasks.length} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('overallCompletion')}
                  value={percent(charts.overall)}
                  data-testid="overall-completion"
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={yearEnded ? t('missedTasks') : t('lagging')}
                  value={yearEnded ? charts.counts.missed : lagging.length}
                  valueStyle={{ color: lagging.length ? STATUS_COLOR.red : undefined }}
                  data-testid="lagging-count"
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('pendingReview')} value={charts.pending} />
              </Card>
            </Col>
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('overallCompletion')}>
                <EChart
                  option={charts.overallGauge}
                  label={`${t('overallCompletion')} ${percent(charts.overall)}`}
                />
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('statusMix')} data-testid="status-mix">
                <EChart
                  option={charts.statusPie}
                  label={charts.levels.map((l) => `${displayLabel(t, l)} ${charts.counts[l]}`).join('，')}
                />
                <div
                  className="sr-only"
                  data-testid="status-counts"
                  data-counts={charts.levels.map((l) => `${l}:${charts.counts[l]}`).join(' ')}
                >
                  {charts.levels.map((l) => `${displayLabel(t, l)} ${charts.counts[l]}`).join('，')}
                </div>
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('trend')}>
                <EChart option={charts.trend} label={t('trend')} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('statusByArea')}>
                <EChart option={charts.byArea} label={t('statusByArea')} className="chart" />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('statusByDepartment')}>
                <EChart option={charts.byDept} label={t('statusByDepartment')} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('departmentScoreRanking')}>
                <EChart
                  option={charts.ranking}
                  label={`${t('departmentScoreRanking')}：${charts.rankingText}`}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card
                size="small"
                title={yearEnded ? t('laggingOrMissed') : t('lagging')}
                styles={{ body: { maxHeight: 352, overflow: 'auto' } }}
              >
                <List
                  size="small"
                  dataSource={lagging}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
                  renderItem={(x) => (
                    <List.Item actions={[<StatusTag key="s" status={x.status} />]}>
                      <List.Item.Meta
                        title={<Link to={`/app/tasks/${x.id}`}>{x.title}</Link>}
                        description={`${x.assignment?.leadDepartment ?? ''} · ${x.status.reason}`}
                      />
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
            <Col xs={24}>
              <Card size="small" title={t('targetGauges')}>
                {charts.targets.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                ) : (
                  <Row gutter={[8, 8]}>
                    {charts.targets.map((g) => (
                      <Col key={g.id} xs={12} md={8} xl={4}>
                        <EChart option={g.option} label={g.label} className="chart-small" />
                      </Col>
                    ))}
                  </Row>
                )}
              </Card>
            </Col>
          </Row>
        </>
      ) : null}
    </>
  );
}
