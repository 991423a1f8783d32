import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
} from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type {
  DeliveryView,
  PeriodView,
  SupervisionSettings,
  WebhookFormat,
  WebhookView,
} from '../../api/supervision-types.ts';
import type { Page } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PlanPicker } from '../../components/PlanPicker.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { formatDateTime, formatPeriod } from '../../lib/format.ts';
import { publishedPlans } from '../../lib/plans-cache.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { useSearchParam } from '../../lib/useSearchParam.ts';

type RuleValues = Omit<SupervisionSettings, 'version' | 'reminderDaysBefore'> & {
  reminderDaysBefore: string[];
};

function RulesTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleValues>();
  const [saving, setSaving] = useState(false);
  const data = useAsync(() => api.get<SupervisionSettings>('/supervision/settings'), []);
  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const s = data.data;

  const save = async (v: RuleValues) => {
    setSaving(true);
    try {
      const days = [...new Set(v.reminderDaysBefore.map(Number).filter((n) => Number.isInteger(n)))];
      const next = await api.put<SupervisionSettings>('/supervision/settings', {
        ...v,
        reminderDaysBefore: days.sort((a, b) => b - a),
        version: s.version,
      });
      data.setData(next);
      form.setFieldsValue({ ...next, reminderDaysBefore: next.reminderDaysBefore.map(String) });
      message.success(t('saved'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        message.warning(t('conflict'));
        data.reload();
      } else {
        message.error(errorMessage(e));
      }
    } finally {
      setSaving(false);
    }
  };
  const num = (name: (string | number)[] | string, label: MessageKey, min: number, max: number) => (
    <Form.Item name={name} label={t(label)} rules={[{ required: true, message: t('required') }]}>
      <InputNumber min={min} max={max} style={{ width: 160 }} aria-label={t(label)} />
    </Form.Item>
  );
  return (
    <Form<RuleValues>
      form={form}
      layout="vertical"
      style={{ maxWidth: 720 }}
      initialValues={{ ...s, reminderDaysBefore: s.reminderDaysBefore.map(String) }}
      onFinish={(v) => void save(v)}
      data-testid="settings-form"
    >
      <Space size="large" wrap align="start">
        <Form.Item name={['reporting', 'frequency']} label={t('reportingFrequency')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'monthly', label: t('freqMonthly') },
              { value: 'quarterly', label: t('freqQuarterly') },
            ]}
          />
        </Form.Item>
        {num(['reporting', 'dueDay'], 'dueDay', 1, 28)}
      </Space>
      <Form.Item name="reminderDaysBefore" label={t('reminderDays')} extra={t('reminderDaysHint')}>
        <Select
          mode="tags"
          style={{ maxWidth: 320 }}
          aria-label={t('reminderDays')}
          options={['7', '5', '3', '2', '1', '0'].map((d) => ({ value: d, label: d }))}
        />
      </Form.Item>
      <Space size="large" wrap align="start">
        {num(['thresholds', 'greenGap'], 'greenGap', 0, 100)}
        {num(['thresholds', 'yellowGap'], 'yellowGap', 0, 100)}
        {num(['thresholds', 'tolerance'], 'tolerance', 0, 100)}
      </Space>
      <Space size="large" wrap align="start">
        {num('blueNoticeDays', 'blueNoticeDays', 0, 60)}
        {num('noticeReplyDays', 'noticeReplyDays', 1, 60)}
      </Space>
      <Space size="large" wrap align="start">
        {num('webhookMaxAttempts', 'webhookMaxAttempts', 1, 10)}
        {num('webhookBackoffSeconds', 'webhookBackoffSeconds', 1, 86400)}
      </Space>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="settings-save">
        {t('save')}
      </Button>
    </Form>
  );
}

const FORMAT_KEY: Record<WebhookFormat, MessageKey> = {
  generic: 'formatGeneric',
  dingtalk: 'formatDingtalk',
  wecom: 'formatWecom',
};
const DELIVERY_KEY: Record<DeliveryView['state'], MessageKey> = {
  pending: 'deliveryPending',
  delivered: 'deliveryDelivered',
  failed: 'deliveryFailed',
};
const DELIVERY_COLOR: Record<DeliveryView['state'], string> = {
  pending: 'orange',
  delivered: 'green',
  failed: 'red',
};

type HookValues = { name: string; url: string; format: WebhookFormat; secret?: string };

function WebhooksTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<HookValues>();
  const [busy, setBusy] = useState<string | null>(null);
  const [pageNo, setPageNo] = useState(1);
  const hooks = useAsync(() => api.get<{ items: WebhookView[] }>('/webhooks'), []);
  const log = useAsync(
    () => api.get<Page<DeliveryView>>('/webhooks/deliveries', { limit: 20, offset: (pageNo - 1) * 20 }),
    [pageNo],
  );
  const names = new Map((hooks.data?.items ?? []).map((h) => [h.id, h.name] as const));
  const run = async (key: string, work: () => Promise<void>) => {
    setBusy(key);
    try {
      await work();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
      hooks.reload();
      log.reload();
    }
  };
  const add = (v: HookValues) =>
    run('add', async () => {
      await api.post('/webhooks', { ...v, secret: v.secret?.trim() || null });
      form.resetFields();
      message.success(t('saved'));
    });
  const test = (h: WebhookView) =>
    run(h.id, async () => {
      const d = await api.post<DeliveryView>(`/webhooks/${h.id}/test`);
      if (d.state === 'delivered') message.success(t('testSent'));
      else message.error(t('testFailed', { error: d.lastError ?? '' }));
    });
  const runNow = () =>
    run('run', async () => {
      const r = await api.post<{ notified: number; delivered: number }>('/supervision/run');
      message.success(t('runDone', { n: r.notified, d: r.delivered }));
    });

  return (
    <>
      {hooks.error ? <ErrorAlert error={hooks.error} onRetry={hooks.reload} /> : null}
      <Table<WebhookView>
        rowKey="id"
        size="small"
        loading={hooks.loading}
        dataSource={(hooks.data?.items ?? []).filter((h) => h.active)}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: t('webhookName'), dataIndex: 'name', key: 'name', width: 160 },
          {
            title: t('webhookFormat'),
            key: 'format',
            width: 170,
            render: (_, h) => (
              <Space size={4}>
                <Tag>{t(FORMAT_KEY[h.format])}</Tag>
                {h.hasSecret ? <Tag color="green">{t('webhookSecretSet')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('webhookUrl'),
            key: 'url',
            render: (_, h) => <span style={{ wordBreak: 'break-all' }}>{h.url}</span>,
          },
          {
            title: t('actions'),
            key: 'actions',
            width: 190,
            render: (_, h) => (
              <Space>
                <Button
                  size="small"
                  icon={<SendOutlined />}
                  loading={busy === h.id}
                  onClick={() => void test(h)}
                  data-testid="webhook-test"
                >
                  {t('testSend')}
                </Button>
                <Popconfirm
                  title={t('deactivateConfirm')}
                  onConfirm={() => void run(`del-${h.id}`, () => api.delete(`/webhooks/${h.id}`))}
                >
                  <Button size="small" danger>
                    {t('deactivate')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Card size="small" title={t('addWebhook')} style={{ marginTop: 16 }}>
        <Form<HookValues>
          form={form}
          layout="vertical"
          initialValues={{ format: 'dingtalk' }}
          onFinish={(v) => void add(v)}
          style={{ maxWidth: 720 }}
        >
          <Space wrap align="start">
            <Form.Item
              name="name"
              label={t('webhookName')}
              rules={[{ required: true, whitespace: true, message: t('required') }]}
            >
              <Input maxLength={100} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="format" label={t('webhookFormat')}>
              <Select
                style={{ width: 200 }}
                options={(['dingtalk', 'wecom', 'generic'] as const).map((f) => ({
                  value: f,
                  label: t(FORMAT_KEY[f]),
                }))}
              />
            </Form.Item>
          </Space>
          <Form.Item
            name="url"
            label={t('webhookUrl')}
            rules={[{ required: true, type: 'url', message: t('required') }]}
          >
            <Input maxLength={1000} placeholder="https://oapi.dingtalk.com/robot/send?access_token=…" />
          </Form.Item>
          <Form.Item name="secret" label={t('webhookSecret')}>
            <Input.Password maxLength={200} autoComplete="new-password" style={{ width: 320 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={busy === 'add'}>
            {t('addWebhook')}
          </Button>
        </Form>
      </Card>
      <Card
        size="small"
        title={t('deliveryLog')}
        style={{ marginTop: 16 }}
        extra={
          <Button size="small" loading={busy === 'run'} onClick={() => void runNow()}>
            {t('runNow')}
          </Button>
        }
      >
        {log.error ? <ErrorAlert error={log.error} onRetry={log.reload} /> : null}
        <Table<DeliveryView>
          rowKey="id"
          size="small"
          loading={log.loading}
          dataSource={log.data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{
            current: pageNo,
            pageSize: 20,
            total: log.data?.total ?? 0,
            onChange: setPageNo,
            showTotal: (n) => t('total', { n }),
          }}
          columns={[
            {
              title: t('receivedAt'),
              key: 'at',
              width: 140,
              render: (_, d) => formatDateTime(d.createdAt),
            },
            {
              title: t('webhookName'),
              key: 'hook',
              width: 130,
              render: (_, d) => names.get(d.webhookId) ?? '—',
            },
            { title: t('deliveryMessage'), dataIndex: 'title', key: 'title' },
            {
              title: t('noticeState'),
              key: 'state',
              width: 90,
              render: (_, d) => (
                <Tag color={DELIVERY_COLOR[d.state]} data-testid="delivery-state">
                  {t(DELIVERY_KEY[d.state])}
                </Tag>
              ),
            },
            { title: t('attempts'), dataIndex: 'attempts', key: 'attempts', width: 80 },
            {
              title: t('lastResult'),
              key: 'last',
              width: 200,
              render: (_, d) =>
                d.lastError ? (
                  <Tooltip title={d.lastError}>
                    <span className="muted">{d.lastError.slice(0, 40)}</span>
                  </Tooltip>
                ) : d.lastStatus !== null ? (
                  `HTTP ${d.lastStatus}`
                ) : (
                  '—'
                ),
            },
            {
              title: t('nextRetry'),
              key: 'next',
              width: 140,
              render: (_, d) => (d.state === 'pending' ? formatDateTime(d.nextAttemptAt) : '—'),
            },
          ]}
        />
      </Card>
    </>
  );
}

const PERIOD_STATE: Record<PeriodView['state'], [MessageKey, string]> = {
  open: ['periodOpen', 'blue'],
  due: ['periodDueState', 'orange'],
  closed: ['periodClosedState', 'default'],
  locked: ['periodLocked', 'purple'],
};

function PeriodsTab() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const [params, setParam] = useSearchParam();
  const planId = params.get('plan');
  const [busy, setBusy] = useState<string | null>(null);
  const plans = useAsync(publishedPlans, []);
  const data = useAsync(
    () => (planId ? api.get<{ items: PeriodView[] }>(`/plans/${planId}/periods`) : Promise.resolve(null)),
    [planId],
  );
  const toggle = async (p: PeriodView) => {
    setBusy(p.period);
    try {
      const url = `/plans/${planId}/periods/${p.period}/lock`;
      if (p.state === 'locked') {
        await api.delete(url);
        message.success(t('unlockedOk', { period: formatPeriod(p.period, lang) }));
      } else {
        await api.post(url);
        message.success(t('lockedOk', { period: formatPeriod(p.period, lang) }));
      }
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
      data.reload();
    }
  };
  return (
    <>
      <div className="toolbar">
        <PlanPicker plans={plans.data ?? []} value={planId} onChange={(id) => setParam('plan', id)} />
      </div>
      <Alert type="info" showIcon message={t('lockHint')} style={{ marginBottom: 12 }} />
      {data.error ? <ErrorAlert error={data.error} onRetry={data.reload} /> : null}
      <Table<PeriodView>
        rowKey="period"
        size="small"
        loading={data.loading}
        dataSource={data.data?.items ?? []}
        pagination={false}
        scroll={{ x: 700 }}
        columns={[
          {
            title: t('periodCol'),
            key: 'period',
            width: 120,
            render: (_, p) => formatPeriod(p.period, lang),
          },
          { title: t('periodDue'), dataIndex: 'due', key: 'due', width: 120 },
          {
            title: t('noticeState'),
            key: 'state',
            width: 110,
            render: (_, p) => (
              <Tag color={PERIOD_STATE[p.state][1]} data-testid={`period-state-${p.period}`}>
                {t(PERIOD_STATE[p.state][0])}
              </Tag>
            ),
          },
          {
            title: t('periodCounts'),
            key: 'counts',
            render: (_, p) => `${p.counts.submitted} / ${p.counts.accepted} / ${p.counts.pendingReview}`,
          },
          {
            title: t('actions'),
            key: 'actions',
            width: 110,
            render: (_, p) =>
              user?.role !== 'coordinator' ? null : p.state === 'locked' ? (
                <Popconfirm title={t('unlockConfirm')} onConfirm={() => void toggle(p)}>
                  <Button size="small" loading={busy === p.period} data-testid={`unlock-${p.period}`}>
                    {t('unlock')}
                  </Button>
                </Popconfirm>
              ) : (
                <Button
                  size="small"
                  type="primary"
                  ghost
                  loading={busy === p.period}
                  onClick={() => void toggle(p)}
                  data-testid={`lock-${p.period}`}
                >
                  {t('lock')}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}

/** Supervision settings (coordinator, admin): rules, webhooks with test-send and the delivery log, periods. */
export function SupervisionSettingsPage() {
  const { t } = useI18n();
  const [params, setParam] = useSearchParam();
  const tab = params.get('tab') ?? 'rules';
  return (
    <>
      <PageHeader
        crumbs={[{ title: t('home'), to: '/' }, { title: t('settingsTitle') }]}
        title={t('settingsTitle')}
      />
      <Card size="small">
        <Tabs
          activeKey={tab}
          destroyOnHidden
          onChange={(k) => setParam('tab', k)}
          items={[
            { key: 'rules', label: t('settingsRules'), children: <RulesTab /> },
            { key: 'webhooks', label: t('settingsWebhooks'), children: <WebhooksTab /> },
            { key: 'periods', label: t('settingsPeriods'), children: <PeriodsTab /> },
          ]}
        />
      </Card>
    </>
  );
}
