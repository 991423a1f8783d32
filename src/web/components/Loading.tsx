import { Skeleton, Spin } from 'antd';
import { useI18n } from '../i18n/I18n.tsx';

/** A page-sized loading placeholder. */
export function Loading({ rows = 6 }: { rows?: number }) {
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite" aria-label={t('loading')} className="loading-block">
      <Skeleton active paragraph={{ rows }} />
    </div>
  );
}

export function FullPageSpin() {
  const { t } = useI18n();
  return (
    <div className="full-page-spin" role="status" aria-label={t('loading')}>
      <Spin size="large" />
    </div>
  );
}
