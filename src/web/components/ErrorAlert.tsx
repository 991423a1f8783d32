import { Alert, Button } from 'antd';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/I18n.tsx';

/** An API or network error as an alert, with the server's message and a retry button. */
export function ErrorAlert({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n();
  const code = error instanceof ApiError ? error.code : null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={error.message}
      description={code ? <span className="muted">{code}</span> : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}

/** The message to show in a toast for any thrown value. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
