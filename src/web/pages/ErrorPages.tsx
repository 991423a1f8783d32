import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/I18n.tsx';

export function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('notFound')}
      subTitle={t('notFoundHint')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('backHome')}
        </Button>
      }
    />
  );
}

export function ForbiddenPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('forbidden')}
      subTitle={t('forbiddenHint')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('backHome')}
        </Button>
      }
    />
  );
}
