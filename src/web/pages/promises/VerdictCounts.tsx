import { Col, Row, Statistic } from 'antd';
import { useI18n, type Translate } from '../../i18n/I18n.tsx';
import { VERDICT_COLOR, VERDICTS, type PromiseVerdict } from './types.ts';

export function verdictLabel(t: Translate, v: PromiseVerdict): string {
  return v === 'met'
    ? t('verdictMet')
    : v === 'missed'
      ? t('verdictMissed')
      : v === 'unclear'
        ? t('verdictUnclear')
        : t('verdictNotReported');
}

/** Counts per verdict, "未报告" always shown (it is a finding, never hidden). */
export function VerdictCounts({
  counts,
  compact,
}: {
  counts: Record<PromiseVerdict, number>;
  compact?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Row gutter={[12, 12]} data-testid="verdict-counts">
      {VERDICTS.map((v) => (
        <Col key={v} xs={12} md={compact ? 12 : 6}>
          <Statistic
            title={verdictLabel(t, v)}
            value={counts[v]}
            valueStyle={{ color: VERDICT_COLOR[v], fontSize: compact ? 20 : undefined }}
            data-verdict={v}
          />
        </Col>
      ))}
    </Row>
  );
}
