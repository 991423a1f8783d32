import { Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/I18n.tsx';
import { verdictLabel } from './VerdictCounts.tsx';
import { VERDICT_COLOR, type PromiseItem } from './types.ts';

/** A verbatim passage of a report. */
function Quote({ children, testId }: { children: string; testId?: string }) {
  return (
    <blockquote
      className="user-text"
      data-testid={testId}
      style={{ margin: 0, paddingInlineStart: 8, borderInlineStart: '3px solid #d9d9d9', color: '#374151' }}
    >
      {children}
    </blockquote>
  );
}

/** Each previous-year target beside what the next report says of it, with the verdict and its reason. */
export function PromiseTable({
  items,
  previousYear,
  nextYear,
  actions,
}: {
  items: PromiseItem[];
  previousYear: number;
  nextYear: number | null;
  actions?: (item: PromiseItem) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Table<PromiseItem>
      rowKey="id"
      size="small"
      dataSource={items}
      scroll={{ x: 900 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('total', { n }) }}
      data-testid="promise-items"
      columns={[
        {
          title: t('promiseTargetColumn', { year: previousYear }),
          key: 'target',
          width: '34%',
          render: (_, i) => (
            <Space direction="vertical" size={2}>
              <Typography.Text strong>{i.target.subject}</Typography.Text>
              <Quote>{i.target.quote}</Quote>
            </Space>
          ),
        },
        {
          title: t('promiseOutcomeColumn', { year: nextYear ?? previousYear + 1 }),
          key: 'outcome',
          width: '34%',
          render: (_, i) =>
            i.outcome ? (
              <Quote testId="outcome-quote">{i.outcome.quote}</Quote>
            ) : (
              <Typography.Text type="secondary" data-testid="outcome-none">
                {t('promiseNoOutcome')}
              </Typography.Text>
            ),
        },
        {
          title: t('verdictColumn'),
          key: 'verdict',
          width: 200,
          render: (_, i) => (
            <Space direction="vertical" size={2}>
              <Space size={4} wrap>
                <Tag color={VERDICT_COLOR[i.verdict]} data-testid="verdict">
                  {verdictLabel(t, i.verdict)}
                </Tag>
                {i.review === 'pending' ? <Tag>{t('reviewPending')}</Tag> : null}
                {i.review === 'accepted' ? <Tag color="blue">{t('reviewAccepted')}</Tag> : null}
                {i.review === 'corrected' ? <Tag color="purple">{t('reviewCorrected')}</Tag> : null}
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.reason}
              </Typography.Text>
              {i.note ? (
                <Typography.Text style={{ fontSize: 12 }}>
                  {t('noteLabel')}：{i.note}
                </Typography.Text>
              ) : null}
            </Space>
          ),
        },
        ...(actions
          ? [
              {
                title: t('actions'),
                key: 'actions',
                width: 150,
                fixed: 'right' as const,
                render: (_: unknown, i: PromiseItem) => actions(i),
              },
            ]
          : []),
      ]}
    />
  );
}
