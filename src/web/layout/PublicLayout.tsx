import { BankOutlined, LoginOutlined } from '@ant-design/icons';
import { Button, Layout, Space } from 'antd';
import { Link, Outlet, useNavigate } from 'react-router-dom';
import { homeOf, useAuth } from '../auth/Auth.tsx';
import { useI18n } from '../i18n/I18n.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** The public site's frame: no login, plain header, readable width. */
export function PublicLayout() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  return (
    <Layout className="public-layout">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <Layout.Header className="public-header">
        <Link to="/public" className="public-brand">
          <BankOutlined />
          <span>
            {t('appName')} · {t('publicSite')}
          </span>
        </Link>
        <Space size={8}>
          <LanguageSwitch />
          <Button
            size="small"
            icon={<LoginOutlined />}
            onClick={() => void navigate(user ? homeOf(user.role) : '/login')}
          >
            {user ? user.displayName : t('login')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content id="main" className="public-content" tabIndex={-1}>
        <Outlet />
      </Layout.Content>
      <Layout.Footer className="public-footer">
        {t('appName')} · {t('appSubtitle')}
      </Layout.Footer>
    </Layout>
  );
}
