import { InboxOutlined } from '@ant-design/icons';
import { App, Button, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { filesForm } from './download.ts';
import { ProblemList } from './ProblemList.tsx';
import { problemsOf, type ProgressImportPreview } from './types.ts';

/**
 * Filled progress templates, several at once -> preview of the reports they become and every row error
 * -> 确认导入 submits them all (or nothing). The office may upload for departments (代报, audited).
 */
export function ProgressImportModal({
  planId,
  open,
  onClose,
  onApplied,
}: {
  planId: string;
  open: boolean;
  onClose: () => void;
  onApplied?: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [files, setFiles] = useState<File[]>([]);
  const [preview, setPreview] = useState<ProgressImportPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const url = `/plans/${planId}/import/progress`;

  const close = () => {
    setFiles([]);
    setPreview(null);
    onClose();
  };
  const check = async (list: File[]) => {
    setFiles(list);
    setPreview(null);
    if (list.length === 0) return;
    setBusy(true);
    try {
      setPreview(await api.post<ProgressImportPreview>(url, filesForm(list), { dryRun: 1 }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    setBusy(true);
    try {
      const done = await api.post<ProgressImportPreview>(url, filesForm(files));
      message.success(t('progressImported', { n: done.reports.length }));
      onApplied?.();
      close();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && preview)
        setPreview({ ...preview, problems: problemsOf(e.details) });
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const blocked = !preview || preview.problems.length > 0 || preview.reports.length === 0;

  return (
    <Modal
      title={t('uploadTemplates')}
      open={open}
      width={960}
      onCancel={close}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close}>{t('cancel')}</Button>
          <Button
            type="primary"
            disabled={blocked}
            loading={busy && Boolean(preview)}
            onClick={() => void apply()}
          >
            {t('confirmImport')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('uploadTemplatesHint')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx"
        multiple
        showUploadList={false}
        disabled={busy}
        beforeUpload={(f, list) => {
          // Called once per file with the whole selection: check the selection once, on its last file.
          if (f === list[list.length - 1]) void check([...list]);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{files.length > 0 ? files.map((f) => f.name).join('、') : t('chooseXlsxMany')}</p>
      </Upload.Dragger>
      {preview ? (
        <div style={{ marginTop: 16 }} data-testid="progress-preview">
          <ProblemList problems={preview.problems} />
          <Typography.Paragraph>
            {t('progressPreviewCount', { n: preview.reports.length, files: files.length })}
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey={(r) => `${r.file}-${r.taskId}`}
            dataSource={preview.reports}
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
            columns={[
              { title: t('fileColumn'), dataIndex: 'file', ellipsis: true, width: 200 },
              {
                title: t('department'),
                dataIndex: 'department',
                width: 150,
                render: (d: string, r) => (
                  <Space size={4}>
                    {d}
                    {r.onBehalf ? <Tag color="purple">{t('onBehalf')}</Tag> : null}
                  </Space>
                ),
              },
              { title: t('period'), dataIndex: 'period', width: 90 },
              { title: t('taskTitle'), dataIndex: 'title', ellipsis: true },
              { title: t('valuesColumn'), dataIndex: 'values', width: 80 },
              {
                title: t('previewAction'),
                dataIndex: 'action',
                width: 90,
                render: (a: string) => <Tag>{a === 'create' ? t('previewCreate') : t('resubmit')}</Tag>,
              },
            ]}
          />
        </div>
      ) : null}
    </Modal>
  );
}
