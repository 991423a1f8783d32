import {
  AuditOutlined,
  BankOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FileTextOutlined,
  GlobalOutlined,
  LogoutOutlined,
  MenuOutlined,
  ScheduleOutlined,
  TeamOutlined,
  UploadOutlined,
  UserOutlined,
  AlertOutlined,
  ApartmentOutlined,
  FileExclamationOutlined,
  ControlOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Dropdown, Grid, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { Role } from '../api/types.ts';
import { useAuth } from '../auth/Auth.tsx';
import { useI18n, type Translate } from '../i18n/I18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NotificationBell } from '../components/NotificationBell.tsx';

type Item = { key: string; icon: ReactNode; label: MessageKey; roles: Role[] };

const ITEMS: Item[] = [
  { key: '/app/my', icon: <ScheduleOutlined />, label: 'menuMyTasks', roles: ['reporter'] },
  {
    key: '/app/dashboard',
    icon: <DashboardOutlined />,
    label: 'menuDashboard',
    roles: ['leader', 'coordinator'],
  },
  {
    key: '/app/plans',
    icon: <FileTextOutlined />,
    label: 'menuPlans',
    roles: ['coordinator', 'leader', 'admin'],
  },
  { key: '/app/import', icon: <UploadOutlined />, label: 'menuImport', roles: ['coordinator'] },
  { key: '/app/review', icon: <AuditOutlined />, label: 'menuReviewQueue', roles: ['coordinator'] },
  { key: '/app/tasks', icon: <AlertOutlined />, label: 'menuTasks', roles: ['coordinator', 'leader'] },
  {
    key: '/app/notices',
    icon: <FileExclamationOutlined />,
    label: 'menuNotices',
    roles: ['coordinator', 'leader', 'reporter'],
  },
  {
    key: '/app/supervision/settings',
    icon: <ControlOutlined />,
    label: 'menuSupervisionSettings',
    roles: ['coordinator', 'admin'],
  },
  { key: '/app/admin/users', icon: <UserOutlined />, label: 'menuUsers', roles: ['admin'] },
  { key: '/app/admin/departments', icon: <ApartmentOutlined />, label: 'menuDepartments', roles: ['admin'] },
  { key: '/app/admin/leaders', icon: <TeamOutlined />, label: 'menuLeaders', roles: ['admin'] },
  { key: '/app/admin/tenants', icon: <ClusterOutlined />, label: 'menuTenants', roles: ['admin'] },
];

const ROLE_KEY: Record<Role, MessageKey> = {
  admin: 'roleAdmin',
  coordinator: 'roleCoordinator',
  leader: 'roleLeader',
  reporter: 'roleReporter',
};
export const roleLabel = (t: Translate, role: Role): string => t(ROLE_KEY[role]);

/** The signed-in shell: a left menu for the user's role, a header with the user and language. */
export function AppLayout() {
  const { user, logout } = useAuth();
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.lg;
  const [collapsed, setCollapsed] = useState<boolean>(true);
  if (!user) return null;
  const items = ITEMS.filter((i) => i.roles.includes(user.role));
  const selected = items
    .map((i) => i.key)
    .filter((k) => location.pathname === k || location.pathname.startsWith(k + '/'))
    .sort((a, b) => b.length - a.length)[0];
  const menuItems: MenuProps['items'] = [
    ...items.map((i) => ({ key: i.key, icon: i.icon, label: <Link to={i.key}>{t(i.label)}</Link> })),
    { type: 'divider' as const },
    {
      key: '/public',
      icon: <GlobalOutlined />,
      label: <Link to="/public">{t('publicSite')}</Link>,
    },
  ];
  const userMenu: MenuProps['items'] = [
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      label: t('logout'),
      onClick: () => {
        void logout().then(() => void navigate('/login'));
      },
    },
  ];
  return (
    <Layout className="app-layout">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <Layout.Sider
        width={220}
        breakpoint="lg"
        collapsedWidth={mobile ? 0 : 64}
        collapsible={!mobile}
        collapsed={mobile ? collapsed : false}
        onCollapse={setCollapsed}
        trigger={null}
        className="app-sider"
        theme="dark"
      >
        <Link to="/" className="brand">
          <BankOutlined className="brand-icon" />
          <span className="brand-text">
            {t('appName')}
            <small>{t('appSubtitle')}</small>
          </span>
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={menuItems}
          onClick={() => mobile && setCollapsed(true)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Space>
            {mobile ? (
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('mobileMenu')}
                aria-expanded={!collapsed}
                onClick={() => setCollapsed(!collapsed)}
              />
            ) : null}
            <Typography.Text strong className="header-title">
              {t('appSubtitle')}
            </Typography.Text>
          </Space>
          <Space size={mobile ? 4 : 12}>
            <LanguageSwitch />
            <NotificationBell />
            <Dropdown menu={{ items: userMenu }} trigger={['click']}>
              <Button type="text" data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} />
                {mobile ? null : (
                  <>
                    <span>{user.displayName}</span>
                    <Tag style={{ marginInlineStart: 4 }}>{roleLabel(t, user.role)}</Tag>
                  </>
                )}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content id="main" className="app-content" tabIndex={-1}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
