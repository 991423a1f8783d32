import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { Page, PlanSummary } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { useAsync } from '../../lib/useAsync.ts';

type DictField = {
  name: string;
  label: string;
  type: string;
  description: string;
  descriptionEn: string;
  example: unknown;
};
type Dictionary = {
  datasets: {
    name: string;
    label: string;
    labelEn: string;
    csv: string;
    json: string;
    fields: DictField[];
  }[];
};

function exampleText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v === null || v === undefined ? '' : JSON.stringify(v);
}

/** The open data's dictionary: stable URLs with copy buttons, and every field with name, type, meaning, example. */
export function DataDictionaryPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const data = useAsync(async () => {
    const [dictionary, plans] = await Promise.all([
      api.get<Dictionary>('/public/open-data/dictionary'),
      api.get<Page<PlanSummary>>('/public/plans', { limit: 100 }),
    ]);
    return { dictionary, plans: plans.items };
  }, []);
  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const { dictionary, plans } = data.data;
  const planId = params.get('plan') ?? plans[0]?.id ?? null;
  const origin = window.location.origin;
  const urlOf = (template: string): string =>
    `${origin}/api/v1${planId ? template.replace('{planId}', planId) : template}`;

  return (
    <>
      <PageHeader
        crumbs={[{ title: t('publicSite'), to: '/public' }, { title: t('dataDictionary') }]}
        title={t('dataDictionary')}
        subtitle={t('dataDictionaryIntro')}
      />
      <Card size="small" title={t('stableUrls')} style={{ marginBottom: 16 }}>
        <Space style={{ marginBottom: 12 }} wrap>
          <span>{t('plan')}</span>
          <Select
            aria-label={t('plan')}
            style={{ minWidth: 300 }}
            value={planId ?? undefined}
            placeholder={t('noPlans')}
            onChange={(v: string) => setParams({ plan: v }, { replace: true })}
            options={plans.map((p) => ({ value: p.id, label: `${p.year} · ${p.title}` }))}
          />
        </Space>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => r.url}
          data-testid="stable-urls"
          dataSource={dictionary.datasets.flatMap((d) => [
            { dataset: lang === 'en' ? d.labelEn : d.label, format: 'CSV', url: urlOf(d.csv) },
            { dataset: lang === 'en' ? d.labelEn : d.label, format: 'JSON', url: urlOf(d.json) },
          ])}
          columns={[
            { title: t('dataset'), dataIndex: 'dataset', width: 240 },
            { title: t('format'), dataIndex: 'format', width: 80, render: (f: string) => <Tag>{f}</Tag> },
            {
              title: 'URL',
              dataIndex: 'url',
              render: (u: string) => (
                <Typography.Text copyable={{ text: u, tooltips: [t('copy'), t('copied')] }} code>
                  {u}
                </Typography.Text>
              ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('openDataFormats')}
        </Typography.Paragraph>
      </Card>
      {dictionary.datasets.map((d) => (
        <Card
          key={d.name}
          size="small"
          title={`${lang === 'en' ? d.labelEn : d.label}（${d.name}.csv / ${d.name}.json）`}
          style={{ marginBottom: 16 }}
          data-testid={`dictionary-${d.name}`}
        >
          <Table<DictField>
            size="small"
            rowKey="name"
            pagination={false}
            scroll={{ x: 820 }}
            dataSource={d.fields}
            columns={[
              {
                title: t('fieldName'),
                dataIndex: 'name',
                width: 150,
                render: (n: string) => <code>{n}</code>,
              },
              { title: t('fieldLabel'), dataIndex: 'label', width: 120 },
              { title: t('fieldType'), dataIndex: 'type', width: 90, render: (x: string) => <Tag>{x}</Tag> },
              {
                title: t('fieldMeaning'),
                key: 'meaning',
                render: (_, f) => (lang === 'en' ? f.descriptionEn : f.description),
              },
              {
                title: t('fieldExample'),
                dataIndex: 'example',
                width: 200,
                render: (v: unknown) => <span className="user-text">{exampleText(v)}</span>,
              },
            ]}
          />
        </Card>
      ))}
    </>
  );
}
