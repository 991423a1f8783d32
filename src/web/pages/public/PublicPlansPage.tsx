import { Card, Empty, List, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { Page, PlanSummary } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/useAsync.ts';

const PAGE = 10;

/** The public site's start: published plans, newest first. */
export function PublicPlansPage() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [year, setYear] = useState<number | undefined>(undefined);
  const { data, error, loading, reload } = useAsync(
    () => api.get<Page<PlanSummary>>('/public/plans', { limit: PAGE, offset: (page - 1) * PAGE, year }),
    [page, year],
  );
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: thisYear - 2009 }, (_, i) => thisYear - i);
  return (
    <>
      <section className="public-hero">
        <Typography.Title level={2} style={{ marginTop: 0 }}>
          {t('publicTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('publicIntro')}
        </Typography.Paragraph>
      </section>
      <Card
        title={t('publicPlans')}
        extra={
          <Select<number>
            allowClear
            placeholder={t('year')}
            aria-label={t('year')}
            style={{ width: 120 }}
            value={year}
            onChange={(v) => {
              setYear(v);
              setPage(1);
            }}
            options={years.map((y) => ({ value: y, label: String(y) }))}
          />
        }
      >
        {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
        {loading && !data ? (
          <Loading rows={3} />
        ) : (
          <List<PlanSummary>
            loading={loading}
            dataSource={data?.items ?? []}
            locale={{ emptyText: <Empty description={t('noPlans')} /> }}
            pagination={
              (data?.total ?? 0) > PAGE
                ? { current: page, pageSize: PAGE, total: data?.total ?? 0, onChange: setPage }
                : false
            }
            renderItem={(p) => (
              <List.Item
                actions={[
                  <Link key="view" to={`/public/plans/${p.id}`}>
                    {t('viewPlan')}
                  </Link>,
                ]}
              >
                <List.Item.Meta
                  title={<Link to={`/public/plans/${p.id}`}>{p.title}</Link>}
                  description={
                    <span>
                      <Tag color="red">{p.year}</Tag>
                      {p.region ?? ''} · {t('publishedAt')} {formatDateTime(p.publishedAt)}
                    </span>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}
