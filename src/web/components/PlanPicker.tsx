import { Select } from 'antd';
import { useEffect } from 'react';
import type { PlanSummary } from '../api/types.ts';
import { useI18n } from '../i18n/I18n.tsx';

/** Choose one of the published plans; picks the newest when none is chosen. */
export function PlanPicker({
  plans,
  value,
  onChange,
}: {
  plans: PlanSummary[];
  value: string | null;
  onChange: (id: string) => void;
}) {
  const { t } = useI18n();
  useEffect(() => {
    if (!value && plans[0]) onChange(plans[0].id);
  }, [value, plans, onChange]);
  return (
    <Select
      value={value ?? undefined}
      onChange={onChange}
      aria-label={t('selectPlan')}
      placeholder={t('selectPlan')}
      options={plans.map((p) => ({ value: p.id, label: p.title }))}
      style={{ minWidth: 240 }}
    />
  );
}
