import { SearchOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Empty,
  Input,
  List,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { PlanView, StatusLevel, TaskView } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusTag } from '../../components/StatusTag.tsx';
import { TargetLine } from '../../components/TargetLine.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { STATUS_COLOR, STATUS_ORDER, statusLabel } from '../../lib/format.ts';
import { areasOf, countByStatus, taskMatches } from '../../lib/plan.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { OpenDataLinks } from './OpenDataLinks.tsx';

/** A published plan for citizens: areas, tasks, targets, status and the latest reviewed progress. */
export function PublicPlanPage() {
  const { planId = '' } = useParams();
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = (params.get('status') ?? '') as StatusLevel | '';
  const area = params.get('area') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const {
    data: plan,
    error,
    loading,
    reload,
  } = useAsync(() => api.get<PlanView>(`/public/plans/${encodeURIComponent(planId)}`), [planId]);
  const areas = useMemo(() => (plan ? areasOf(plan) : []), [plan]);
  const areaOf = useMemo(() => {
    const m = new Map<string, string>();
    for (const a of areas) for (const task of a.tasks) m.set(task.id, a.title);
    return m;
  }, [areas]);
  const filtered = useMemo(() => {
    if (!plan) return [];
    const inArea = area ? new Set(areas.find((a) => a.id === area)?.tasks.map((x) => x.id)) : null;
    return areas
      .flatMap((a) => a.tasks)
      .filter((task) => (inArea ? inArea.has(task.id) : true))
      .filter((task) => (status ? task.status.level === status : true))
      .filter((task) => taskMatches(task, q));
  }, [plan, areas, area, status, q]);

  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };

  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading || !plan) return <Loading />;
  const counts = countByStatus(plan.tasks.map((x) => x.status.level));
  const total = plan.tasks.length;
  const done = counts.done;
  const targets = plan.tasks.reduce((n, x) => n + x.targets.length, 0);
  const filtering = Boolean(q || status || area);

  return (
    <>
      <PageHeader
        crumbs={[{ title: t('publicSite'), to: '/public' }, { title: plan.title }]}
        title={plan.title}
        subtitle={
          <Space wrap>
            <StatusTag status={plan.status} showReason />
          </Space>
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('tasksTotal')} value={total} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('targetsTotal')} value={targets} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small">
            <div className="muted" style={{ marginBottom: 4 }}>
              {t('statusMix')}
            </div>
            <Progress
              aria-label={t('completion')}
              percent={total ? Math.round(((done + counts.green) / total) * 100) : 0}
              success={{ percent: total ? Math.round((done / total) * 100) : 0 }}
              showInfo={false}
            />
            <Space wrap size={[8, 4]}>
              {STATUS_ORDER.map((l) => (
                <span key={l} style={{ color: STATUS_COLOR[l], fontSize: 13 }}>
                  ● {statusLabel(t, l)} {counts[l]}
                </span>
              ))}
            </Space>
          </Card>
        </Col>
      </Row>
      <OpenDataLinks planId={plan.id} />
      <div className="toolbar" role="search">
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('searchPlaceholder')}
          aria-label={t('search')}
          defaultValue={q}
          onChange={(e) => set({ q: e.target.value })}
          style={{ flex: '1 1 240px', maxWidth: 420 }}
        />
        <Select
          allowClear
          placeholder={t('filterArea')}
          aria-label={t('filterArea')}
          value={area || undefined}
          onChange={(v: string | undefined) => set({ area: v ?? '' })}
          options={areas.map((a) => ({ value: a.id, label: a.title }))}
          style={{ flex: '1 1 200px', maxWidth: 360 }}
          popupMatchSelectWidth={false}
        />
        <Select
          allowClear
          placeholder={t('filterStatus')}
          aria-label={t('filterStatus')}
          value={status || undefined}
          onChange={(v: StatusLevel | undefined) => set({ status: v ?? '' })}
          options={STATUS_ORDER.map((l) => ({ value: l, label: statusLabel(t, l) }))}
          style={{ flex: '0 1 160px' }}
        />
        {filtering ? (
          <Button onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            {t('clearFilters')}
          </Button>
        ) : null}
      </div>
      <List<TaskView>
        dataSource={filtered}
        locale={{ emptyText: filtering ? <Empty description={t('emptyFiltered')} /> : undefined }}
        pagination={{
          current: page,
          pageSize: 10,
          total: filtered.length,
          showSizeChanger: false,
          showTotal: (n) => t('total', { n }),
          onChange: (p) => {
            set({ page: String(p) });
            window.scrollTo({ top: 0 });
          },
          hideOnSinglePage: false,
          size: 'small',
        }}
        renderItem={(task) => (
          // A list item (an <li>) around each card, for screen readers' list semantics.
          <List.Item key={task.id} className="task-card-item">
            <Card
              className="task-card"
              size="small"
              title={
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
                    {areaOf.get(task.id)}
                  </Typography.Text>
                  <span>{task.title}</span>
                </Space>
              }
              extra={<StatusTag status={task.status} />}
              data-testid="public-task"
            >
              <Typography.Paragraph
                className="user-text"
                ellipsis={{ rows: 2, expandable: true, symbol: '…' }}
                style={{ color: '#374151' }}
              >
                {task.text}
              </Typography.Paragraph>
              <dl className="kv">
                <dt>{t('statusReason')}</dt>
                <dd>{task.status.reason}</dd>
                {task.assignment?.leadDepartment ? (
                  <>
                    <dt>{t('leadDepartment')}</dt>
                    <dd>
                      {task.assignment.leadDepartment}
                      {task.assignment.cooperatingDepartments.length > 0 ? (
                        <span className="muted">
                          （{t('cooperatingDepartments')}：{task.assignment.cooperatingDepartments.join('、')}
                          ）
                        </span>
                      ) : null}
                    </dd>
                  </>
                ) : null}
                {task.assignment?.deadline ? (
                  <>
                    <dt>{t('deadline')}</dt>
                    <dd>{task.assignment.deadline}</dd>
                  </>
                ) : null}
                {task.latestProgress ? (
                  <>
                    <dt>{t('latestProgress')}</dt>
                    <dd className="user-text">{task.latestProgress.progress}</dd>
                  </>
                ) : null}
              </dl>
              {task.targets.length > 0 ? (
                <List
                  size="small"
                  style={{ marginTop: 8 }}
                  header={<Tag>{t('targetCount', { n: task.targets.length })}</Tag>}
                  dataSource={task.targets}
                  renderItem={(target) => (
                    <List.Item key={target.id}>
                      <TargetLine target={target} to={`/public/plans/${plan.id}/targets/${target.id}`} />
                    </List.Item>
                  )}
                />
              ) : null}
            </Card>
          </List.Item>
        )}
      />
    </>
  );
}
