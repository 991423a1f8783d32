import {
  CloudUploadOutlined,
  DownloadOutlined,
  FileExcelOutlined,
  FileWordOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { App, Button, Card, Space } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Department } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { useAsync } from '../../lib/useAsync.ts';
import { BulletinModal } from './BulletinModal.tsx';
import { downloadFile } from './download.ts';
import { FengongImportModal } from './FengongImportModal.tsx';
import { ProgressImportModal } from './ProgressImportModal.tsx';
import { TemplateModal } from './TemplateModal.tsx';

type Dialog = 'fengong' | 'template' | 'progress' | 'bulletin' | null;

/**
 * The office files of a plan, as offices exchange them: the 分工表 out and in, progress templates out
 * and in, the 督查通报, the whole plan as one workbook. Buttons follow the user's role.
 */
export function OfficeToolbar({
  plan,
  onChanged,
}: {
  plan: { id: string; year: number; state: string; title: string };
  onChanged?: () => void;
}) {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const role = user?.role;
  const coordinator = role === 'coordinator';
  const office = coordinator || role === 'leader' || role === 'admin';
  const published = plan.state === 'published';
  const departments = useAsync(
    () =>
      office
        ? api.get<{ items: Department[] }>('/departments').then((r) => r.items.filter((d) => d.active))
        : Promise.resolve([] as Department[]),
    [office],
  );

  const download = async (key: string, path: string, fallback: string) => {
    setBusy(key);
    try {
      const { fileName } = await downloadFile(path, fallback);
      message.success(t('downloaded', { name: fileName }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" className="office-toolbar" style={{ marginBottom: 12 }} data-testid="office-toolbar">
      <Space wrap size={[8, 8]}>
        <span className="muted">{t('officeFiles')}：</span>
        <Button
          icon={<FileExcelOutlined />}
          loading={busy === 'fengong'}
          onClick={() =>
            void download('fengong', `/plans/${plan.id}/export/fengong.xlsx`, `${plan.title}分工表.xlsx`)
          }
        >
          {t('exportFengong')}
        </Button>
        {coordinator ? (
          <Button icon={<UploadOutlined />} onClick={() => setDialog('fengong')}>
            {t('importFengong')}
          </Button>
        ) : null}
        {published ? (
          <Button icon={<DownloadOutlined />} onClick={() => setDialog('template')}>
            {t('downloadTemplate')}
          </Button>
        ) : null}
        {published && (coordinator || role === 'reporter') ? (
          <Button icon={<CloudUploadOutlined />} onClick={() => setDialog('progress')}>
            {t('uploadTemplates')}
          </Button>
        ) : null}
        {office && published ? (
          <Button icon={<FileWordOutlined />} onClick={() => setDialog('bulletin')}>
            {t('makeBulletin')}
          </Button>
        ) : null}
        {office ? (
          <Button
            icon={<FileExcelOutlined />}
            loading={busy === 'all'}
            onClick={() =>
              void download('all', `/plans/${plan.id}/export/plan.xlsx`, `${plan.title}（全部数据）.xlsx`)
            }
          >
            {t('exportAll')}
          </Button>
        ) : null}
      </Space>
      <FengongImportModal
        planId={plan.id}
        open={dialog === 'fengong'}
        onClose={() => setDialog(null)}
        onApplied={() => onChanged?.()}
      />
      <TemplateModal
        plan={plan}
        departments={departments.data ?? []}
        open={dialog === 'template'}
        onClose={() => setDialog(null)}
      />
      <ProgressImportModal
        planId={plan.id}
        open={dialog === 'progress'}
        onClose={() => setDialog(null)}
        onApplied={onChanged}
      />
      {dialog === 'bulletin' ? <BulletinModal plan={plan} open onClose={() => setDialog(null)} /> : null}
    </Card>
  );
}
