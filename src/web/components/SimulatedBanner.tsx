import { ExperimentOutlined } from '@ant-design/icons';
import { Alert, Tag, Tooltip } from 'antd';
import { useI18n } from '../i18n/I18n.tsx';

/** The plan's progress is simulated demo data (模拟数据): say so, clearly, wherever it is shown. */
export function SimulatedBanner({ simulated }: { simulated?: { label: string; note: string } | null }) {
  const { t } = useI18n();
  if (!simulated) return null;
  return (
    <Alert
      type="warning"
      showIcon
      icon={<ExperimentOutlined />}
      className="simulated-banner"
      data-testid="simulated-banner"
      message={<strong>{t('simulatedTitle')}</strong>}
      description={simulated.note}
      style={{ marginBottom: 12 }}
    />
  );
}

/** A small 模拟数据 tag next to figures taken from simulated progress. */
export function SimulatedTag({ note }: { note?: string }) {
  const { t } = useI18n();
  const tag = (
    <Tag color="#ad4e00" data-testid="simulated-tag" style={{ marginInlineEnd: 0 }}>
      {t('simulatedLabel')}
    </Tag>
  );
  return note ? (
    <Tooltip title={note}>
      <span tabIndex={0} aria-label={`${t('simulatedLabel')}：${note}`}>
        {tag}
      </span>
    </Tooltip>
  ) : (
    tag
  );
}
