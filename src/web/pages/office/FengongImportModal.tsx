import { InboxOutlined } from '@ant-design/icons';
import { App, Button, Empty, Modal, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { filesForm } from './download.ts';
import { ProblemList } from './ProblemList.tsx';
import { problemsOf, type FengongPreview } from './types.ts';

const ACTION_COLOR = { create: 'green', update: 'blue', unchanged: 'default' } as const;

/** Upload a 分工表 -> preview of changes and row errors -> 确认导入 applies it (nothing when any error). */
export function FengongImportModal({
  planId,
  open,
  onClose,
  onApplied,
}: {
  planId: string;
  open: boolean;
  onClose: () => void;
  onApplied: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<FengongPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const url = `/plans/${planId}/import/fengong`;

  const reset = () => {
    setFile(null);
    setPreview(null);
  };
  const check = async (f: File) => {
    setFile(f);
    setPreview(null);
    setBusy(true);
    try {
      setPreview(await api.post<FengongPreview>(url, filesForm([f]), { dryRun: 1 }));
    } catch (e) {
      message.error(errorMessage(e));
      setFile(null);
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const done = await api.post<FengongPreview>(url, filesForm([file]));
      message.success(t('fengongApplied', { create: done.summary.create, update: done.summary.update }));
      reset();
      onApplied();
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && preview)
        setPreview({ ...preview, problems: problemsOf(e.details) });
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const changed = preview ? preview.summary.create + preview.summary.update : 0;
  const blocked = !preview || preview.problems.length > 0 || changed === 0;
  return (
    <Modal
      title={t('importFengong')}
      open={open}
      width={960}
      onCancel={() => {
        reset();
        onClose();
      }}
      destroyOnHidden
      footer={
        <Space>
          <Button
            onClick={() => {
              reset();
              onClose();
            }}
          >
            {t('cancel')}
          </Button>
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
      <Typography.Paragraph type="secondary">{t('importFengongHint')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx"
        maxCount={1}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(f) => {
          void check(f);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{file ? file.name : t('chooseXlsx')}</p>
      </Upload.Dragger>
      {preview ? (
        <div style={{ marginTop: 16 }} data-testid="fengong-preview">
          <Space size={32} style={{ marginBottom: 12 }}>
            <Statistic title={t('previewCreate')} value={preview.summary.create} />
            <Statistic title={t('previewUpdate')} value={preview.summary.update} />
            <Statistic title={t('previewUnchanged')} value={preview.summary.unchanged} />
          </Space>
          <ProblemList problems={preview.problems} />
          {preview.problems.length === 0 && changed === 0 ? (
            <Typography.Paragraph data-testid="fengong-no-change">
              {t('previewNoChange')}
            </Typography.Paragraph>
          ) : null}
          <Table
            size="small"
            rowKey={(r) => `${r.row}-${r.taskId}`}
            dataSource={preview.changes.filter((c) => c.action !== 'unchanged')}
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('previewNoChange')} />,
            }}
            columns={[
              { title: t('rowNumber'), dataIndex: 'row', width: 64 },
              { title: t('seqColumn'), dataIndex: 'seq', width: 80 },
              { title: t('taskTitle'), dataIndex: 'title', ellipsis: true },
              {
                title: t('previewAction'),
                dataIndex: 'action',
                width: 90,
                render: (a: keyof typeof ACTION_COLOR) => (
                  <Tag color={ACTION_COLOR[a]}>
                    {a === 'create'
                      ? t('previewCreate')
                      : a === 'update'
                        ? t('previewUpdate')
                        : t('previewUnchanged')}
                  </Tag>
                ),
              },
              {
                title: t('previewChanges'),
                key: 'changes',
                render: (_, r) => (
                  <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                    {r.changes.map((c) => (
                      <li key={c.field}>
                        {c.label}：<del className="muted">{c.before || '—'}</del> → <b>{c.after || '—'}</b>
                      </li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
        </div>
      ) : null}
    </Modal>
  );
}
