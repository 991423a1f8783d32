import { App, Button, Empty, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { periodsOf } from '../../lib/periods.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { downloadFile } from './download.ts';
import type { BoilerplateFlag } from './types.ts';

/**
 * 督查通报 of a period: first the boilerplate to fix (empty or repeated 存在问题 / 下一步措施), each with a
 * link to its task, then the .docx.
 */
export function BulletinModal({
  plan,
  open,
  onClose,
}: {
  plan: { id: string; year: number };
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const periods = useMemo(() => periodsOf(plan.year, new Date()), [plan.year]);
  const [period, setPeriod] = useState<string>(periods[0] ?? `${plan.year}-12`);
  const [docNumber, setDocNumber] = useState('');
  const [busy, setBusy] = useState(false);
  const flags = useAsync(
    () =>
      open
        ? api.get<{ flags: BoilerplateFlag[] }>(`/plans/${plan.id}/bulletin/flags`, { period })
        : Promise.resolve({ flags: [] }),
    [plan.id, period, open],
  );
  const list = flags.data?.flags ?? [];

  const generate = async () => {
    setBusy(true);
    try {
      const q = new URLSearchParams({ period, ...(docNumber.trim() ? { docNumber: docNumber.trim() } : {}) });
      const { fileName } = await downloadFile(
        `/plans/${plan.id}/export/bulletin.docx?${q.toString()}`,
        `督查通报（${period}）.docx`,
      );
      message.success(t('downloaded', { name: fileName }));
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('makeBulletin')}
      open={open}
      width={820}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button
            type="primary"
            loading={busy}
            disabled={flags.loading}
            onClick={() => void generate()}
            data-testid="bulletin-generate"
          >
            {list.length > 0 ? t('bulletinAnyway', { n: list.length }) : t('bulletinDownload')}
          </Button>
        </Space>
      }
    >
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label={t('period')}>
          <Select
            aria-label={t('period')}
            style={{ width: 130 }}
            value={period}
            onChange={setPeriod}
            options={periods.map((p) => ({ value: p, label: p }))}
          />
        </Form.Item>
        <Form.Item label={t('docNumber')}>
          <Input
            aria-label={t('docNumber')}
            placeholder={t('docNumberPlaceholder')}
            value={docNumber}
            maxLength={40}
            onChange={(e) => setDocNumber(e.target.value)}
            style={{ width: 200 }}
          />
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary">{t('bulletinAsOfHint', { period })}</Typography.Paragraph>
      {flags.error ? <ErrorAlert error={flags.error} onRetry={flags.reload} /> : null}
      <Typography.Title level={5}>{t('boilerplateTitle', { n: list.length })}</Typography.Title>
      <List<BoilerplateFlag>
        size="small"
        bordered
        loading={flags.loading}
        data-testid="bulletin-flags"
        style={{ maxHeight: 340, overflow: 'auto' }}
        dataSource={list}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('boilerplateNone')} />,
        }}
        renderItem={(f) => (
          <List.Item
            actions={[
              <Link key="fix" to={`/app/tasks/${f.taskId}`} onClick={onClose}>
                {t('fixIt')}
              </Link>,
            ]}
          >
            <List.Item.Meta
              title={
                <Space size={6} wrap>
                  <span>
                    {f.seq} {f.task}
                  </span>
                  {f.behind ? <Tag color="red">{t('behindTag')}</Tag> : null}
                </Space>
              }
              description={
                <span>
                  {f.department} · {f.label}：
                  {f.kind === 'empty'
                    ? t('boilerplateEmpty')
                    : t('boilerplateRepeated', { period: f.previousPeriod ?? '' })}
                  {f.text ? <span className="muted user-text">「{f.text}」</span> : null}
                </span>
              }
            />
          </List.Item>
        )}
      />
    </Modal>
  );
}
