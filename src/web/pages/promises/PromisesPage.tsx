import { CheckCircleOutlined, SyncOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, getAll } from '../../api/client.ts';
import type { PlanSummary } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { CorrectModal } from './CorrectModal.tsx';
import { PromiseTable } from './PromiseTable.tsx';
import { VerdictCounts } from './VerdictCounts.tsx';
import type { PromiseItem, PromiseScorecard } from './types.ts';

/**
 * 承诺兑现 of a plan: its year-targets checked against the review part of a later report (picked among
 * the region's plans, or uploaded first), each match accepted or corrected, then confirmed -> public.
 * From here the coordinator can also check last year's promises against this plan's report.
 */
export function PromisesPage() {
  const { planId = '' } = useParams();
  const { t } = useI18n();
  const { user } = useAuth();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const coordinator = user?.role === 'coordinator';
  const data = useAsync(async () => {
    const [card, plans] = await Promise.all([
      api.get<PromiseScorecard>(`/plans/${planId}/promises`),
      getAll<PlanSummary>('/plans'),
    ]);
    return { card, plans };
  }, [planId]);
  const [nextId, setNextId] = useState<string | undefined>();
  const [earlierId, setEarlierId] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState<PromiseItem | null>(null);

  const card = data.data?.card;
  const plans = useMemo(() => data.data?.plans ?? [], [data.data]);
  const self = plans.find((p) => p.id === planId);
  const year = card?.previous.year ?? self?.year ?? 0;
  const later = plans.filter((p) => p.year > year && p.state !== 'archived').sort((a, b) => a.year - b.year);
  const earlierPlans = plans
    .filter((p) => p.year < year && p.state !== 'archived')
    .sort((a, b) => b.year - a.year);
  const chosenNext = nextId ?? card?.next?.planId ?? later[0]?.id;
  const chosenEarlier = earlierId ?? earlierPlans[0]?.id;
  const quotes = useMemo(
    () => [
      ...new Set((card?.items ?? []).map((i) => i.outcome?.quote).filter((q): q is string => Boolean(q))),
    ],
    [card],
  );

  const act = async (key: string, run: () => Promise<unknown>, done?: string) => {
    setBusy(key);
    try {
      await run();
      if (done) message.success(done);
      data.reload();
    } catch (e) {
      message.error(e instanceof ApiError && e.status === 409 ? t('conflict') : errorMessage(e));
      if (e instanceof ApiError && e.status === 409) data.reload();
    } finally {
      setBusy(null);
    }
  };
  const run = () =>
    act(
      'run',
      () =>
        api.post(`/plans/${planId}/promises`, {
          ...(chosenNext ? { nextPlanId: chosenNext } : {}),
          ...(card?.version ? { version: card.version } : {}),
        }),
      t('promiseChecked'),
    );
  const checkEarlier = async () => {
    if (!chosenEarlier) return;
    setBusy('earlier');
    try {
      const existing = await api.get<PromiseScorecard>(`/plans/${chosenEarlier}/promises`);
      await api.post(`/plans/${chosenEarlier}/promises`, {
        nextPlanId: planId,
        ...(existing.version ? { version: existing.version } : {}),
      });
      void navigate(`/app/plans/${chosenEarlier}/promises`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const confirm = () => {
    if (!card?.version) return;
    const go = () =>
      act(
        'confirm',
        () =>
          api.post(`/plans/${planId}/promises/confirm`, {
            version: card.version,
            acceptPending: true,
          }),
        t('promiseConfirmed'),
      );
    if ((card.pending ?? 0) > 0)
      modal.confirm({
        title: t('confirmPendingTitle', { n: card.pending ?? 0 }),
        content: t('confirmPendingBody'),
        okText: t('confirmAndPublish'),
        cancelText: t('cancel'),
        onOk: go,
      });
    else void go();
  };
  const accept = (i: PromiseItem) =>
    act('accept-' + i.id, () =>
      api.put(`/plans/${planId}/promises/matches/${i.id}`, { version: i.version ?? 1, action: 'accept' }),
    );

  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (!card) return <Loading />;
  const title = self?.title ?? card.previous.title;

  return (
    <>
      <PageHeader
        crumbs={[
          { title: t('menuPlans'), to: '/app/plans' },
          { title, to: `/app/plans/${planId}/review` },
          { title: t('promisesTitle') },
        ]}
        title={t('promisesTitle')}
        subtitle={
          <Space wrap>
            <span>{t('promisesSubtitle', { year: card.previous.year })}</span>
            {card.state === 'confirmed' ? (
              <Tag color="green">{t('promiseStateConfirmed')}</Tag>
            ) : card.state === 'draft' ? (
              <Tag color="gold">{t('promiseStateDraft')}</Tag>
            ) : (
              <Tag>{t('promiseStateNone')}</Tag>
            )}
            {card.state === 'confirmed' && self?.state === 'published' ? (
              <Link to={`/public/plans/${planId}/promises`}>{t('openPublic')}</Link>
            ) : null}
          </Space>
        }
        extra={
          coordinator && card.state !== 'none' ? (
            <Button
              type="primary"
              icon={<CheckCircleOutlined />}
              loading={busy === 'confirm'}
              disabled={card.state === 'confirmed'}
              onClick={confirm}
              data-testid="promise-confirm"
            >
              {t('confirmAndPublish')}
            </Button>
          ) : null
        }
      />
      <Card size="small" title={t('promiseSource')} style={{ marginBottom: 12 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {card.next ? (
            <span>
              {t('promiseCheckedAgainst')}
              <Link to={`/app/plans/${card.next.planId}/review`}>{card.next.title}</Link>
            </span>
          ) : null}
          {coordinator ? (
            later.length > 0 ? (
              <Space wrap>
                <span>{t('promisePickNext', { year })}</span>
                <Select
                  aria-label={t('promisePickNext', { year })}
                  style={{ minWidth: 280 }}
                  value={chosenNext}
                  onChange={setNextId}
                  options={later.map((p) => ({ value: p.id, label: `${p.year} · ${p.title}` }))}
                />
                {card.state === 'none' ? (
                  <Button
                    type="primary"
                    loading={busy === 'run'}
                    onClick={() => void run()}
                    data-testid="promise-run"
                  >
                    {t('promiseRun')}
                  </Button>
                ) : (
                  <Popconfirm
                    title={t('promiseRerunConfirm')}
                    onConfirm={() => void run()}
                    okText={t('confirm')}
                    cancelText={t('cancel')}
                  >
                    <Button icon={<SyncOutlined />} loading={busy === 'run'}>
                      {t('promiseRerun')}
                    </Button>
                  </Popconfirm>
                )}
                <Link to="/app/import">
                  <Button icon={<UploadOutlined />}>{t('promiseUploadReport')}</Button>
                </Link>
              </Space>
            ) : (
              <Alert
                type="info"
                showIcon
                message={t('promiseNoNext', { year: year + 1 })}
                action={
                  <Link to="/app/import">
                    <Button size="small" icon={<UploadOutlined />}>
                      {t('promiseUploadReport')}
                    </Button>
                  </Link>
                }
              />
            )
          ) : null}
          <Typography.Text type="secondary">{t('promiseEarlierTitle', { year: year - 1 })}</Typography.Text>
          {card.earlier ? (
            <Link to={`/app/plans/${card.earlier.planId}/promises`} data-testid="promise-earlier-link">
              {t('promiseEarlierLink', { title: card.earlier.title })}
            </Link>
          ) : coordinator ? (
            <Space wrap>
              {earlierPlans.length > 0 ? (
                <>
                  <Select
                    aria-label={t('promiseEarlierTitle', { year: year - 1 })}
                    style={{ minWidth: 280 }}
                    value={chosenEarlier}
                    onChange={setEarlierId}
                    options={earlierPlans.map((p) => ({ value: p.id, label: `${p.year} · ${p.title}` }))}
                  />
                  <Button
                    loading={busy === 'earlier'}
                    onClick={() => void checkEarlier()}
                    data-testid="promise-check-earlier"
                  >
                    {t('promiseCheckEarlier')}
                  </Button>
                </>
              ) : (
                <Typography.Text type="secondary">
                  {t('promiseNoEarlier', { year: year - 1 })}
                </Typography.Text>
              )}
              <Link to="/app/import">
                <Button icon={<UploadOutlined />}>{t('promiseUploadEarlier', { year: year - 1 })}</Button>
              </Link>
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('promiseNoEarlier', { year: year - 1 })}</Typography.Text>
          )}
        </Space>
      </Card>
      {card.state === 'none' ? (
        <Card>
          <Empty description={t('promiseNotYet')} />
        </Card>
      ) : (
        <Card
          size="small"
          title={t('promiseScorecard')}
          extra={
            <Typography.Text type="secondary">
              {card.state === 'confirmed'
                ? t('promiseConfirmedAt', { at: formatDateTime(card.confirmedAt) })
                : t('promisePending', { n: card.pending ?? 0 })}
            </Typography.Text>
          }
        >
          <VerdictCounts counts={card.counts} />
          <div style={{ marginTop: 16 }}>
            <PromiseTable
              items={card.items}
              previousYear={card.previous.year}
              nextYear={card.next?.year ?? null}
              actions={
                coordinator
                  ? (i) => (
                      <Space size={4}>
                        <Button
                          size="small"
                          loading={busy === 'accept-' + i.id}
                          disabled={i.review === 'accepted'}
                          onClick={() => void accept(i)}
                        >
                          {t('acceptMatch')}
                        </Button>
                        <Button size="small" onClick={() => setCorrecting(i)}>
                          {t('correctMatch')}
                        </Button>
                      </Space>
                    )
                  : undefined
              }
            />
          </div>
        </Card>
      )}
      {correcting ? (
        <CorrectModal
          planId={planId}
          item={correcting}
          quotes={quotes}
          onClose={() => setCorrecting(null)}
          onSaved={() => {
            setCorrecting(null);
            data.reload();
          }}
        />
      ) : null}
    </>
  );
}
