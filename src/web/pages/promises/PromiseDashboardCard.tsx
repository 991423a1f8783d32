import { Card, Col, Progress, Row, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { STATUS_COLOR, STATUS_ORDER, statusLabel } from '../../lib/format.ts';
import { countByStatus } from '../../lib/plan.ts';
import { loadPlan } from '../../lib/plans-cache.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { VerdictCounts } from './VerdictCounts.tsx';
import type { PromiseScorecard } from './types.ts';

/**
 * On the dashboard: the plan's promise scorecard (its year-targets as the next report states them)
 * beside its own tracked progress. Renders nothing until the plan has both.
 */
export function PromiseDashboardCard({ planId }: { planId: string | null }) {
  const { t } = useI18n();
  const data = useAsync(async () => {
    if (!planId) return null;
    const [card, plan] = await Promise.all([
      api.get<PromiseScorecard>(`/plans/${planId}/promises`).catch(() => null),
      loadPlan(planId),
    ]);
    return card && card.state !== 'none' ? { card, plan } : null;
  }, [planId]);
  const d = data.data;
  if (!d) return null;
  const counts = countByStatus(d.plan.tasks.map((x) => x.status.level));
  const total = d.plan.tasks.length;
  const onTrack = total ? Math.round(((counts.done + counts.green) / total) * 100) : 0;
  return (
    <Card
      size="small"
      title={t('promiseDashboardTitle')}
      style={{ marginBottom: 12 }}
      data-testid="promise-dashboard-card"
      extra={<Link to={`/app/plans/${d.card.planId}/promises`}>{t('promiseOpen')}</Link>}
    >
      <Row gutter={[24, 12]}>
        <Col xs={24} md={10}>
          <Typography.Text strong>{t('promiseTracked', { year: d.plan.year })}</Typography.Text>
          <Progress
            percent={onTrack}
            success={{ percent: total ? Math.round((counts.done / total) * 100) : 0 }}
          />
          <Space wrap size={[8, 4]}>
            {STATUS_ORDER.map((l) => (
              <span key={l} style={{ color: STATUS_COLOR[l], fontSize: 13 }}>
                ● {statusLabel(t, l)} {counts[l]}
              </span>
            ))}
          </Space>
        </Col>
        <Col xs={24} md={14}>
          <Typography.Text strong>
            {t('promiseStated', { year: d.card.next?.year ?? d.plan.year + 1 })}
            {d.card.state === 'draft' ? <span className="muted">（{t('promiseStateDraft')}）</span> : null}
          </Typography.Text>
          <VerdictCounts counts={d.card.counts} compact />
        </Col>
      </Row>
    </Card>
  );
}
