import { Card, Empty, Space, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { PromiseTable } from '../promises/PromiseTable.tsx';
import { VerdictCounts } from '../promises/VerdictCounts.tsx';
import type { PromiseScorecard } from '../promises/types.ts';

/** The confirmed promise scorecard of a plan for citizens: was last year's promise kept? */
export function PublicPromisesPage() {
  const { planId = '' } = useParams();
  const { t } = useI18n();
  const {
    data: card,
    error,
    loading,
    reload,
  } = useAsync(
    () => api.get<PromiseScorecard>(`/public/plans/${encodeURIComponent(planId)}/promises`),
    [planId],
  );
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading || !card) return <Loading />;
  return (
    <>
      <PageHeader
        crumbs={[
          { title: t('publicSite'), to: '/public' },
          { title: card.previous.title, to: `/public/plans/${planId}` },
          { title: t('promisesTitle') },
        ]}
        title={t('publicPromisesTitle', { year: card.previous.year })}
        subtitle={
          card.state === 'confirmed' && card.next ? (
            <span>
              {t('publicPromisesSubtitle', { next: card.next.title })}
              {' · '}
              {t('promiseConfirmedAt', { at: formatDateTime(card.confirmedAt) })}
            </span>
          ) : null
        }
      />
      {card.earlier ? (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Space wrap>
            <span>{t('publicEarlierIntro', { year: card.earlier.year })}</span>
            <Link to={`/public/plans/${card.earlier.planId}/promises`} data-testid="public-earlier-link">
              {t('promiseEarlierLink', { title: card.earlier.title })}
            </Link>
          </Space>
        </Card>
      ) : null}
      {card.state !== 'confirmed' ? (
        <Card>
          <Empty description={t('publicPromisesNone')} />
        </Card>
      ) : (
        <Card size="small">
          <Typography.Paragraph type="secondary">{t('publicPromisesExplain')}</Typography.Paragraph>
          <VerdictCounts counts={card.counts} />
          <div style={{ marginTop: 16 }}>
            <PromiseTable
              items={card.items}
              previousYear={card.previous.year}
              nextYear={card.next?.year ?? null}
            />
          </div>
        </Card>
      )}
    </>
  );
}
