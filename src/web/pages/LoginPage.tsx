import { LockOutlined, UserOutlined, BankOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { homeOf, useAuth } from '../auth/Auth.tsx';
import { errorMessage } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/I18n.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';

type Values = { username: string; password: string };

export function LoginPage() {
  const { t } = useI18n();
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const user = await login(v.username.trim(), v.password);
      const next = params.get('next');
      void navigate(next && next.startsWith('/app') ? next : homeOf(user.role), { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <Card className="login-card" variant="borderless">
        <div className="login-brand">
          <BankOutlined className="login-logo" />
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('appName')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('appSubtitle')}</Typography.Text>
        </div>
        <Typography.Title level={4} style={{ marginTop: 24 }}>
          {t('loginTitle')}
        </Typography.Title>
        {error ? (
          <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} />
        ) : null}
        <Form<Values> layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false} size="large">
          <Form.Item
            label={t('username')}
            name="username"
            rules={[{ required: true, message: t('usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('password')}
            name="password"
            rules={[{ required: true, message: t('passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 13 }}>
          {t('loginHint')}
        </Typography.Paragraph>
        <Link to="/public">{t('publicSite')} →</Link>
      </Card>
    </div>
  );
}
