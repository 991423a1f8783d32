import { Alert, Card, Col, Descriptions, Empty, Progress, Row, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, getAll } from '../../api/client.ts';
import type { PlanView, ProgressView } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { MarkedText } from '../../components/MarkedText.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusTag } from '../../components/StatusTag.tsx';
import { NotFoundPage } from '../ErrorPages.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatNumber, formatPeriod, percent, targetValueText } from '../../lib/format.ts';
import { useAsync } from '../../lib/useAsync.ts';

type HistoryRow = { key: string; period: string; actual: number; department: string };

/** One target: its commitment, where it is in the report, its status and its history. */
export function PublicTargetPage() {
  const { planId = '', targetId = '' } = useParams();
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const {
    data: plan,
    error,
    loading,
    reload,
  } = useAsync(() => api.get<PlanView>(`/public/plans/${encodeURIComponent(planId)}`), [planId]);
  const found = useMemo(() => {
    for (const task of plan?.tasks ?? []) {
      const target = task.targets.find((x) => x.id === targetId);
      if (target) return { task, target };
    }
    return null;
  }, [plan, targetId]);
  // The public API has no per-target history; signed-in users get it from the task's accepted reports.
  const history = useAsync<HistoryRow[] | null>(async () => {
    if (!user || !found) return null;
    const reports = await getAll<ProgressView>(`/tasks/${found.task.id}/progress`).catch(() => null);
    if (!reports) return null;
    return reports
      .filter((p) => p.state === 'accepted')
      .flatMap((p) =>
        p.values
          .filter((v) => v.targetId === targetId)
          .map((v) => ({
            key: p.id,
            period: p.period,
            actual: v.actual,
            department: p.departmentName ?? '',
          })),
      )
      .sort((a, b) => a.period.localeCompare(b.period));
  }, [user, found, targetId]);

  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading || !plan) return <Loading />;
  if (!found) return <NotFoundPage />;
  const { task, target } = found;
  const completion = target.status.completion;
  const fallbackRows: HistoryRow[] = target.latest
    ? [
        {
          key: 'latest',
          period: target.latest.period,
          actual: target.latest.actual,
          department: task.assignment?.leadDepartment ?? '',
        },
      ]
    : [];
  const rows = history.data ?? fallbackRows;
  const quoteStart = target.span[0] - task.span[0];
  const quoteInTask = quoteStart >= 0 && target.span[1] <= task.span[1];

  return (
    <>
      <PageHeader
        crumbs={[
          { title: t('publicSite'), to: '/public' },
          { title: plan.title, to: `/public/plans/${plan.id}` },
          { title: target.subject },
        ]}
        title={target.subject}
        subtitle={<StatusTag status={target.status} showReason />}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('targetPage')} size="small">
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('value')}>{targetValueText(t, target)}</Descriptions.Item>
              <Descriptions.Item label={t('latestActual')}>
                {target.latest
                  ? `${formatNumber(target.latest.actual)} ${target.unit}（${formatPeriod(target.latest.period, lang)}）`
                  : t('noActual')}
              </Descriptions.Item>
              <Descriptions.Item label={t('task')}>
                <Link to={`/public/plans/${plan.id}?q=${encodeURIComponent(task.title)}`}>{task.title}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('leadDepartment')}>
                {task.assignment?.leadDepartment ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('deadline')}>
                {task.assignment?.deadline ?? (target.dueYear ? String(target.dueYear) : '—')}
              </Descriptions.Item>
              <Descriptions.Item label={t('quote')}>
                <Typography.Paragraph className="user-text" style={{ marginBottom: 0 }}>
                  {quoteInTask ? (
                    <MarkedText
                      text={task.text}
                      marks={[
                        {
                          id: target.id,
                          start: quoteStart,
                          end: quoteStart + (target.span[1] - target.span[0]),
                        },
                      ]}
                      activeId={target.id}
                    />
                  ) : (
                    target.quote
                  )}
                </Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('completion')} size="small">
            <div style={{ textAlign: 'center', padding: 8 }}>
              <Progress
                aria-label={t('completion')}
                type="dashboard"
                percent={completion === null ? 0 : Math.round(Math.min(1, completion) * 100)}
                format={() => percent(completion)}
                status={target.status.level === 'red' ? 'exception' : undefined}
              />
              <div className="muted">
                {t('expected')} {percent(target.status.expected)}
              </div>
            </div>
          </Card>
          <Card title={t('history')} size="small" style={{ marginTop: 16 }}>
            {!user ? (
              <Alert type="info" showIcon message={t('historyPublicNote')} style={{ marginBottom: 12 }} />
            ) : null}
            <Table<HistoryRow>
              size="small"
              rowKey="key"
              dataSource={rows}
              loading={history.loading}
              pagination={false}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noActual')} />,
              }}
              columns={[
                { title: t('period'), dataIndex: 'period', render: (p: string) => formatPeriod(p, lang) },
                {
                  title: t('actual'),
                  dataIndex: 'actual',
                  align: 'right',
                  render: (v: number) => `${formatNumber(v)} ${target.unit}`,
                },
                { title: t('department'), dataIndex: 'department' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
