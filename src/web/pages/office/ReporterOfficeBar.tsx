import { Select, Space } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Page, PlanSummary } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { useAsync } from '../../lib/useAsync.ts';
import { OfficeToolbar } from './OfficeToolbar.tsx';

/** A department's office files: its progress template of a published plan, and filled ones uploaded in bulk. */
export function ReporterOfficeBar({ onChanged }: { onChanged?: () => void }) {
  const { t } = useI18n();
  const plans = useAsync(
    () => api.get<Page<PlanSummary>>('/plans', { state: 'published', limit: 50 }).then((p) => p.items),
    [],
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const list = plans.data ?? [];
  const plan = list.find((p) => p.id === chosen) ?? list[0];
  if (!plan) return null;
  return (
    <div>
      {list.length > 1 ? (
        <Space style={{ marginBottom: 8 }}>
          <span className="muted">{t('plan')}</span>
          <Select
            aria-label={t('plan')}
            value={plan.id}
            onChange={setChosen}
            options={list.map((p) => ({ value: p.id, label: p.title }))}
            style={{ minWidth: 260 }}
          />
        </Space>
      ) : null}
      <OfficeToolbar plan={plan} onChanged={onChanged} />
    </div>
  );
}
