import { App as AntApp, ConfigProvider } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import type { Role } from './api/types.ts';
import { AuthProvider, homeOf, useAuth } from './auth/Auth.tsx';
import { FullPageSpin, Loading } from './components/Loading.tsx';
import { I18nProvider, useI18n } from './i18n/I18n.tsx';
import { enUS, zhCN } from './lib/antd-locales.ts';
import { PublicLayout } from './layout/PublicLayout.tsx';
import { ForbiddenPage, NotFoundPage } from './pages/ErrorPages.tsx';

const AppLayout = lazy(() => import('./layout/AppLayout.tsx').then((m) => ({ default: m.AppLayout })));
// Every screen is its own chunk: the first screen loads only what it shows (charts load with the dashboard).
const LoginPage = lazy(() => import('./pages/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const PublicPlansPage = lazy(() =>
  import('./pages/public/PublicPlansPage.tsx').then((m) => ({ default: m.PublicPlansPage })),
);
const PublicPlanPage = lazy(() =>
  import('./pages/public/PublicPlanPage.tsx').then((m) => ({ default: m.PublicPlanPage })),
);
const PublicTargetPage = lazy(() =>
  import('./pages/public/PublicTargetPage.tsx').then((m) => ({ default: m.PublicTargetPage })),
);
const PlansPage = lazy(() => import('./pages/plans/PlansPage.tsx').then((m) => ({ default: m.PlansPage })));
const ImportPage = lazy(() =>
  import('./pages/plans/ImportPage.tsx').then((m) => ({ default: m.ImportPage })),
);
const PlanReviewPage = lazy(() =>
  import('./pages/plans/PlanReviewPage.tsx').then((m) => ({ default: m.PlanReviewPage })),
);
const AssignmentPage = lazy(() =>
  import('./pages/plans/AssignmentPage.tsx').then((m) => ({ default: m.AssignmentPage })),
);
const ReviewQueuePage = lazy(() =>
  import('./pages/supervise/ReviewQueuePage.tsx').then((m) => ({ default: m.ReviewQueuePage })),
);
const TaskBoardPage = lazy(() =>
  import('./pages/supervise/TaskBoardPage.tsx').then((m) => ({ default: m.TaskBoardPage })),
);
const TaskDetailPage = lazy(() =>
  import('./pages/supervise/TaskDetailPage.tsx').then((m) => ({ default: m.TaskDetailPage })),
);
const MyTasksPage = lazy(() =>
  import('./pages/reporter/MyTasksPage.tsx').then((m) => ({ default: m.MyTasksPage })),
);
const ProgressFormPage = lazy(() =>
  import('./pages/reporter/ProgressFormPage.tsx').then((m) => ({ default: m.ProgressFormPage })),
);
const DashboardPage = lazy(() =>
  import('./pages/dashboard/DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })),
);
const AdminPage = lazy(() => import('./pages/admin/AdminPage.tsx').then((m) => ({ default: m.AdminPage })));
// Supervision screens (issue 5): notifications, 督办 notices, supervision settings.
const NotificationsPage = lazy(() =>
  import('./pages/supervision/NotificationsPage.tsx').then((m) => ({ default: m.NotificationsPage })),
);
const NoticesPage = lazy(() =>
  import('./pages/supervision/NoticesPage.tsx').then((m) => ({ default: m.NoticesPage })),
);
const NoticeDetailPage = lazy(() =>
  import('./pages/supervision/NoticeDetailPage.tsx').then((m) => ({ default: m.NoticeDetailPage })),
);
const SupervisionSettingsPage = lazy(() =>
  import('./pages/supervision/SupervisionSettingsPage.tsx').then((m) => ({
    default: m.SupervisionSettingsPage,
  })),
);
// Office files and promise scorecards (issues 6 and 7).
const PromisesPage = lazy(() =>
  import('./pages/promises/PromisesPage.tsx').then((m) => ({ default: m.PromisesPage })),
);
const PublicPromisesPage = lazy(() =>
  import('./pages/public/PublicPromisesPage.tsx').then((m) => ({ default: m.PublicPromisesPage })),
);
const DataDictionaryPage = lazy(() =>
  import('./pages/public/DataDictionaryPage.tsx').then((m) => ({ default: m.DataDictionaryPage })),
);

function RequireRole({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { user, checking } = useAuth();
  const location = useLocation();
  if (checking) return <FullPageSpin />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (roles && !roles.includes(user.role)) return <ForbiddenPage />;
  return <>{children}</>;
}

function Home() {
  const { user, checking } = useAuth();
  if (checking) return <FullPageSpin />;
  return <Navigate to={user ? homeOf(user.role) : '/public'} replace />;
}

const page = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;

function Shell() {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      // No space between two-character Chinese labels ("保存", not "保 存"): screen readers and the visible
      // text then agree with the accessible names that carry a row number.
      button={{ autoInsertSpace: false }}
      theme={{
        token: {
          colorPrimary: '#1f5fae',
          // Readable secondary text and status colours (WCAG AA 4.5:1 on white and on tag backgrounds).
          colorLink: '#1f5fae',
          colorTextSecondary: '#595959',
          colorTextTertiary: '#595959',
          colorTextDescription: '#595959',
          colorTextPlaceholder: '#6b6b6b',
          colorError: '#cf1322',
          colorSuccess: '#237804',
          colorWarning: '#874d00',
          // Keep the light backgrounds of alerts and tags (antd derives them from the darker seeds otherwise).
          colorWarningBg: '#fffbe6',
          colorWarningBorder: '#ffe58f',
          colorSuccessBg: '#f6ffed',
          colorSuccessBorder: '#b7eb8f',
          colorErrorBg: '#fff2f0',
          colorErrorBorder: '#ffccc7',
          borderRadius: 4,
          fontFamily:
            "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
        },
      }}
    >
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/" element={<Home />} />
              <Route path="/login" element={page(<LoginPage />)} />
              <Route path="/public" element={<PublicLayout />}>
                <Route index element={page(<PublicPlansPage />)} />
                <Route path="plans/:planId" element={page(<PublicPlanPage />)} />
                <Route path="plans/:planId/targets/:targetId" element={page(<PublicTargetPage />)} />
                <Route path="plans/:planId/promises" element={page(<PublicPromisesPage />)} />
                <Route path="open-data" element={page(<DataDictionaryPage />)} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
              <Route
                path="/app"
                element={
                  <RequireRole>
                    <Suspense fallback={<FullPageSpin />}>
                      <AppLayout />
                    </Suspense>
                  </RequireRole>
                }
              >
                <Route index element={<Home />} />
                <Route
                  path="plans"
                  element={
                    <RequireRole roles={['coordinator', 'leader', 'admin']}>
                      {page(<PlansPage />)}
                    </RequireRole>
                  }
                />
                <Route
                  path="import"
                  element={<RequireRole roles={['coordinator']}>{page(<ImportPage />)}</RequireRole>}
                />
                <Route
                  path="plans/:planId/review"
                  element={
                    <RequireRole roles={['coordinator', 'leader', 'admin']}>
                      {page(<PlanReviewPage />)}
                    </RequireRole>
                  }
                />
                <Route
                  path="plans/:planId/assign"
                  element={
                    <RequireRole roles={['coordinator', 'leader', 'admin']}>
                      {page(<AssignmentPage />)}
                    </RequireRole>
                  }
                />
                <Route
                  path="plans/:planId/promises"
                  element={
                    <RequireRole roles={['coordinator', 'leader', 'admin']}>
                      {page(<PromisesPage />)}
                    </RequireRole>
                  }
                />
                <Route
                  path="review"
                  element={<RequireRole roles={['coordinator']}>{page(<ReviewQueuePage />)}</RequireRole>}
                />
                <Route
                  path="tasks"
                  element={
                    <RequireRole roles={['coordinator', 'leader', 'admin']}>
                      {page(<TaskBoardPage />)}
                    </RequireRole>
                  }
                />
                <Route path="tasks/:taskId" element={page(<TaskDetailPage />)} />
                <Route
                  path="my"
                  element={<RequireRole roles={['reporter']}>{page(<MyTasksPage />)}</RequireRole>}
                />
                <Route
                  path="my/:taskId/report"
                  element={<RequireRole roles={['reporter']}>{page(<ProgressFormPage />)}</RequireRole>}
                />
                <Route
                  path="dashboard"
                  element={
                    <RequireRole roles={['leader', 'coordinator', 'admin']}>
                      {page(<DashboardPage />)}
                    </RequireRole>
                  }
                />
                <Route path="notifications" element={page(<NotificationsPage />)} />
                <Route path="notices" element={page(<NoticesPage />)} />
                <Route path="notices/:noticeId" element={page(<NoticeDetailPage />)} />
                <Route
                  path="supervision/settings"
                  element={
                    <RequireRole roles={['coordinator', 'admin']}>
                      {page(<SupervisionSettingsPage />)}
                    </RequireRole>
                  }
                />
                <Route
                  path="admin/:tab"
                  element={<RequireRole roles={['admin']}>{page(<AdminPage />)}</RequireRole>}
                />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Shell />
    </I18nProvider>
  );
}
