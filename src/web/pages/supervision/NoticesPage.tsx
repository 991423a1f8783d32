import { Alert, Button, Card, DatePicker, Empty, Select, Space, Table, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type {
  NoticeState,
  NoticeSuggestion,
  NoticeView,
  SupervisionSettings,
} from '../../api/supervision-types.ts';
import type { Page } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PlanPicker } from '../../components/PlanPicker.tsx';
import { useI18n, type Translate } from '../../i18n/I18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { formatDateTime } from '../../lib/format.ts';
import { publishedPlans } from '../../lib/plans-cache.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { useSearchParam } from '../../lib/useSearchParam.ts';
import { IssueNoticeModal, NOTICE_TAG_COLOR, noticeColorLabel } from './IssueNoticeModal.tsx';

const STATE_KEY: Record<NoticeState, MessageKey> = {
  issued: 'noticeIssued',
  replied: 'noticeReplied',
  closed: 'noticeClosed',
};
const STATE_COLOR: Record<NoticeState, string> = { issued: 'orange', replied: 'blue', closed: 'default' };
export const noticeStateLabel = (t: Translate, s: NoticeState): string => t(STATE_KEY[s]);
export const noticeStateColor = (s: NoticeState): string => STATE_COLOR[s];

const today = (): string => dayjs().format('YYYY-MM-DD');

/** A notice past its reply deadline and still waiting for the reply. */
export const replyOverdue = (n: Pick<NoticeView, 'state' | 'replyDue'>): boolean =>
  n.state === 'issued' && n.replyDue < today();

function NoticeTable({ state }: { state: NoticeState }) {
  const { t } = useI18n();
  const [pageNo, setPageNo] = useState(1);
  const data = useAsync(
    () => api.get<Page<NoticeView>>('/notices', { state, limit: 20, offset: (pageNo - 1) * 20 }),
    [state, pageNo],
  );
  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  return (
    <Table<NoticeView>
      rowKey="id"
      size="small"
      loading={data.loading}
      dataSource={data.data?.items ?? []}
      scroll={{ x: 960 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noticeNone')} /> }}
      pagination={{
        current: pageNo,
        pageSize: 20,
        total: data.data?.total ?? 0,
        onChange: setPageNo,
        showTotal: (n) => t('total', { n }),
      }}
      columns={[
        {
          title: t('noticeNumber'),
          key: 'number',
          width: 150,
          render: (_, n) => (
            <Space direction="vertical" size={2}>
              <Link to={`/app/notices/${n.id}`} data-testid="notice-link">
                {n.number}
              </Link>
              <Tag color={NOTICE_TAG_COLOR[n.color]}>{noticeColorLabel(t, n.color)}</Tag>
            </Space>
          ),
        },
        {
          title: t('task'),
          key: 'task',
          render: (_, n) => (
            <div>
              <Link to={`/app/tasks/${n.taskId}`}>{n.taskTitle}</Link>
              <div className="muted user-text" style={{ fontSize: 12 }}>
                {n.reason}
              </div>
            </div>
          ),
        },
        { title: t('noticeDepartment'), key: 'dept', width: 130, render: (_, n) => n.departmentName },
        {
          title: t('noticeReplyDue'),
          key: 'due',
          width: 130,
          render: (_, n) => (
            <span>
              {n.replyDue}
              {replyOverdue(n) ? (
                <Tag color="red" style={{ marginInlineStart: 4 }}>
                  {t('noticeOverdue')}
                </Tag>
              ) : null}
            </span>
          ),
        },
        {
          title: t('noticeState'),
          key: 'state',
          width: 90,
          render: (_, n) => <Tag color={STATE_COLOR[n.state]}>{noticeStateLabel(t, n.state)}</Tag>,
        },
        {
          title: t('noticeIssuedAt'),
          key: 'issuedAt',
          width: 140,
          render: (_, n) => formatDateTime(n.issuedAt),
        },
      ]}
    />
  );
}

function Suggestions() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const [params, setParam] = useSearchParam();
  const planId = params.get('plan');
  const [asOf, setAsOf] = useState<string>(today());
  const [issuing, setIssuing] = useState<NoticeSuggestion | null>(null);
  const [dept, setDept] = useState<string | undefined>();
  const plans = useAsync(publishedPlans, []);
  const settings = useAsync(() => api.get<SupervisionSettings>('/supervision/settings'), []);
  const data = useAsync(
    () =>
      planId
        ? api.get<{ asOf: string; items: NoticeSuggestion[] }>('/notices/suggested', { planId, asOf })
        : Promise.resolve(null),
    [planId, asOf],
  );
  const all = data.data?.items ?? [];
  const departments = [...new Set(all.map((x) => x.departmentName ?? ''))].filter((x) => x !== '');
  const rows = all.filter((x) => !dept || x.departmentName === dept);
  return (
    <>
      <div className="toolbar">
        <PlanPicker plans={plans.data ?? []} value={planId} onChange={(id) => setParam('plan', id)} />
        <Space>
          <span>{t('asOfDate')}</span>
          <DatePicker
            value={dayjs(asOf)}
            allowClear={false}
            onChange={(d) => d && setAsOf(d.format('YYYY-MM-DD'))}
            aria-label={t('asOfDate')}
          />
        </Space>
        <Select
          allowClear
          showSearch
          placeholder={t('filterDepartment')}
          aria-label={t('filterDepartment')}
          value={dept}
          onChange={setDept}
          options={departments.map((d) => ({ value: d, label: d }))}
          style={{ width: 200 }}
          data-testid="suggestion-department"
        />
      </div>
      <Alert type="info" showIcon message={t('noticeSuggestionsHint')} style={{ marginBottom: 12 }} />
      {data.error ? <ErrorAlert error={data.error} onRetry={data.reload} /> : null}
      <Table<NoticeSuggestion>
        rowKey="taskId"
        size="small"
        loading={data.loading}
        dataSource={rows}
        scroll={{ x: 900 }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noticeSuggestionsNone')} />,
        }}
        pagination={{ defaultPageSize: 20, showTotal: (n) => t('total', { n }) }}
        columns={[
          {
            title: t('noticeColor'),
            key: 'color',
            width: 110,
            render: (_, s) => <Tag color={NOTICE_TAG_COLOR[s.color]}>{noticeColorLabel(t, s.color)}</Tag>,
          },
          {
            title: t('task'),
            key: 'task',
            render: (_, s) => (
              <div data-testid="suggestion-row">
                <Link to={`/app/tasks/${s.taskId}`}>{s.taskTitle}</Link>
                <div className="muted user-text" style={{ fontSize: 12 }}>
                  {lang === 'en' ? s.reasonEn : s.reason}
                </div>
              </div>
            ),
          },
          { title: t('noticeDepartment'), key: 'dept', width: 140, render: (_, s) => s.departmentName },
          {
            title: t('actions'),
            key: 'actions',
            width: 120,
            render: (_, s) =>
              user?.role === 'coordinator' ? (
                <Button size="small" type="primary" ghost onClick={() => setIssuing(s)}>
                  {t('noticeIssue')}
                </Button>
              ) : null,
          },
        ]}
      />
      {issuing ? (
        <IssueNoticeModal
          open
          task={{ id: issuing.taskId, title: issuing.taskTitle }}
          initial={{ color: issuing.color, reason: issuing.reason }}
          replyDays={settings.data?.noticeReplyDays}
          onClose={() => setIssuing(null)}
          onIssued={() => {
            setIssuing(null);
            data.reload();
          }}
        />
      ) : null}
    </>
  );
}

/** 督办单: suggested notices (office and leaders), and notices by state (reporters: their department's). */
export function NoticesPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [params, setParam] = useSearchParam();
  const office = user?.role === 'coordinator' || user?.role === 'leader' || user?.role === 'admin';
  const tab = params.get('tab') ?? (office ? 'suggested' : 'issued');
  const items = [
    ...(office ? [{ key: 'suggested', label: t('noticeSuggested'), children: <Suggestions /> }] : []),
    ...(['issued', 'replied', 'closed'] as const).map((s) => ({
      key: s,
      label: noticeStateLabel(t, s),
      children: <NoticeTable state={s} />,
    })),
  ];
  return (
    <>
      <PageHeader
        crumbs={[{ title: t('home'), to: '/' }, { title: t('noticesTitle') }]}
        title={t('noticesTitle')}
      />
      <Card size="small">
        <Tabs activeKey={tab} destroyOnHidden onChange={(k) => setParam('tab', k)} items={items} />
      </Card>
    </>
  );
}
