import { BookOutlined, DownloadOutlined } from '@ant-design/icons';
import { Card, Space } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { useAsync } from '../../lib/useAsync.ts';
import type { PromiseScorecard } from '../promises/types.ts';

/** On a public plan page: its open data downloads (CSV / JSON), the data dictionary, the promise scorecard. */
export function OpenDataLinks({ planId }: { planId: string }) {
  const { t } = useI18n();
  const base = `/api/v1/public/plans/${encodeURIComponent(planId)}`;
  const promises = useAsync(
    () => api.get<PromiseScorecard>(`/public/plans/${encodeURIComponent(planId)}/promises`).catch(() => null),
    [planId],
  );
  const card = promises.data;
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="open-data-links">
      <Space wrap size={[16, 8]}>
        <span className="muted">{t('openData')}：</span>
        <a href={`${base}/targets.csv`} download>
          <DownloadOutlined /> {t('openDataTargets')} CSV
        </a>
        <a href={`${base}/targets.json`} target="_blank" rel="noreferrer">
          {t('openDataTargets')} JSON
        </a>
        <a href={`${base}/tasks.csv`} download>
          <DownloadOutlined /> {t('openDataTasks')} CSV
        </a>
        <a href={`${base}/tasks.json`} target="_blank" rel="noreferrer">
          {t('openDataTasks')} JSON
        </a>
        <Link to={`/public/open-data?plan=${encodeURIComponent(planId)}`}>
          <BookOutlined /> {t('dataDictionary')}
        </Link>
        {card && (card.state === 'confirmed' || card.earlier) ? (
          <Link
            to={`/public/plans/${encodeURIComponent(planId)}/promises`}
            data-testid="public-promises-link"
          >
            {t('promisesTitle')}
          </Link>
        ) : null}
      </Space>
    </Card>
  );
}
