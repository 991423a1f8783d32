import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../i18n/I18n.tsx';
import { quarterEnds } from '../lib/status.ts';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** A valid `?asOf=YYYY-MM-DD` from the URL, or null. */
export function asOfParam(value: string | null): string | null {
  return value && ISO.test(value) && dayjs(value).isValid() ? value : null;
}

/**
 * The evaluation date (评估日期): statuses, completion and ranking are judged as of this day. Empty means
 * today; presets are the plan year's quarter ends.
 */
export function AsOfPicker({
  value,
  year,
  onChange,
}: {
  /** The date chosen, or null for today. */
  value: string | null;
  year: number | null;
  onChange: (asOf: string | null) => void;
}) {
  const { t } = useI18n();
  const presets = year
    ? quarterEnds(year).map((d, i) => ({
        label: i === 3 ? t('asOfYearEnd', { year }) : t('asOfQuarterEnd', { n: i + 1 }),
        value: dayjs(d),
      }))
    : [];
  return (
    <DatePicker
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : null)}
      presets={[{ label: t('asOfToday'), value: dayjs() }, ...presets]}
      placeholder={t('asOfTodayPlaceholder')}
      aria-label={t('asOfDate')}
      allowClear
      data-testid="as-of-picker"
      style={{ width: 170 }}
    />
  );
}
