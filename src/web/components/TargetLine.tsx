import { Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { TargetView } from '../api/types.ts';
import { useI18n } from '../i18n/I18n.tsx';
import { formatNumber, formatPeriod, percent, targetValueText } from '../lib/format.ts';
import { StatusTag } from './StatusTag.tsx';

/** One target: subject, commitment in words, latest actual and status with its reason. */
export function TargetLine({ target, to }: { target: TargetView; to?: string }) {
  const { t, lang } = useI18n();
  const latest = target.latest;
  return (
    <div className="target-row" data-testid="target-line">
      <span className="target-subject">{to ? <Link to={to}>{target.subject}</Link> : target.subject}</span>
      <span className="target-value">{targetValueText(t, target)}</span>
      <Typography.Text type="secondary" className="target-value">
        {t('latestActual')}：
        {latest
          ? `${formatNumber(latest.actual)} ${target.unit}（${formatPeriod(latest.period, lang)}）`
          : t('noActual')}
      </Typography.Text>
      {target.status.completion !== null ? (
        <Typography.Text type="secondary">
          {t('completion')} {percent(target.status.completion)}
        </Typography.Text>
      ) : null}
      <StatusTag status={target.status} showReason />
    </div>
  );
}
