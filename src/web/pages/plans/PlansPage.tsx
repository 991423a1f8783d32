import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';
import type { Page, PlanState, PlanSummary } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatDateTime, planStateLabel } from '../../lib/format.ts';
import { useAsync } from '../../lib/useAsync.ts';

const STATE_COLOR: Record<PlanState, string> = { draft: 'gold', published: 'green', archived: 'default' };

/** Plans of the region: review, decompose, publish. */
export function PlansPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [state, setState] = useState<PlanState | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const { data, error, loading, reload } = useAsync(
    () => api.get<Page<PlanSummary>>('/plans', { state, limit: pageSize, offset: (page - 1) * pageSize }),
    [state, page, pageSize],
  );
  const coordinator = user?.role === 'coordinator';

  const publish = async (p: PlanSummary) => {
    try {
      await api.post(`/plans/${p.id}/publish`, { version: p.version });
      message.success(t('published'));
    } catch (e) {
      message.error(e instanceof ApiError && e.status === 409 ? t('conflict') : errorMessage(e));
    }
    reload();
  };

  return (
    <>
      <PageHeader
        crumbs={[{ title: t('home'), to: '/' }, { title: t('menuPlans') }]}
        title={t('menuPlans')}
        extra={
          coordinator ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/app/import')}>
              {t('menuImport')}
            </Button>
          ) : null
        }
      />
      <Card>
        <div className="toolbar">
          <Select<PlanState>
            allowClear
            placeholder={t('state')}
            aria-label={t('state')}
            style={{ width: 160 }}
            value={state}
            onChange={(v) => {
              setState(v);
              setPage(1);
            }}
            options={(['draft', 'published', 'archived'] as PlanState[]).map((s) => ({
              value: s,
              label: planStateLabel(t, s),
            }))}
          />
        </div>
        {error ? <ErrorAlert error={error} onRetry={reload} /> : null}
        <Table<PlanSummary>
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 760 }}
          locale={{ emptyText: <Empty description={t('noPlans')} /> }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t('total', { n }),
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
          columns={[
            {
              title: t('planTitle'),
              dataIndex: 'title',
              render: (v: string, p) => <Link to={`/app/plans/${p.id}/review`}>{v}</Link>,
            },
            { title: t('year'), dataIndex: 'year', width: 80 },
            { title: t('region'), dataIndex: 'region', width: 100 },
            {
              title: t('state'),
              dataIndex: 'state',
              width: 100,
              render: (s: PlanState) => <Tag color={STATE_COLOR[s]}>{planStateLabel(t, s)}</Tag>,
            },
            {
              title: t('updatedAt'),
              dataIndex: 'updatedAt',
              width: 160,
              render: (v: string) => formatDateTime(v),
            },
            {
              title: t('actions'),
              key: 'actions',
              width: 300,
              render: (_, p) => (
                <Space wrap size={4}>
                  <Link to={`/app/plans/${p.id}/review`}>{t('openReview')}</Link>
                  <Link to={`/app/plans/${p.id}/assign`}>{t('openAssign')}</Link>
                  <Link to={`/app/plans/${p.id}/promises`}>{t('promisesTitle')}</Link>
                  {coordinator && p.state === 'draft' ? (
                    <Popconfirm
                      title={t('publishConfirm')}
                      onConfirm={() => void publish(p)}
                      okText={t('publish')}
                      cancelText={t('cancel')}
                    >
                      <Button size="small" type="link">
                        {t('publish')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                  {p.state === 'published' ? (
                    <Link to={`/public/plans/${p.id}`}>{t('openPublic')}</Link>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
