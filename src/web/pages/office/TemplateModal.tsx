import { App, Form, Modal, Select } from 'antd';
import { useMemo, useState } from 'react';
import { useAuth } from '../../auth/Auth.tsx';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { periodsOf } from '../../lib/periods.ts';
import { downloadFile } from './download.ts';

/** A department's progress template for a period: the office picks the department, a reporter gets its own. */
export function TemplateModal({
  plan,
  departments,
  open,
  onClose,
}: {
  plan: { id: string; year: number };
  departments: { id: string; name: string }[];
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const periods = useMemo(() => periodsOf(plan.year, new Date()), [plan.year]);
  const [period, setPeriod] = useState<string | undefined>(periods[0]);
  const [dept, setDept] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const own = user?.role === 'reporter';

  const download = async () => {
    if (!period || (!own && !dept)) return;
    setBusy(true);
    try {
      const q = new URLSearchParams({ period, ...(own ? {} : { departmentId: dept ?? '' }) });
      const { fileName } = await downloadFile(
        `/plans/${plan.id}/export/progress-template.xlsx?${q.toString()}`,
        `${period}进展报送表.xlsx`,
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
      title={t('downloadTemplate')}
      open={open}
      onCancel={onClose}
      onOk={() => void download()}
      okText={t('download')}
      cancelText={t('cancel')}
      okButtonProps={{ disabled: !period || (!own && !dept), loading: busy }}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('period')} required>
          <Select
            aria-label={t('period')}
            value={period}
            onChange={setPeriod}
            options={periods.map((p) => ({ value: p, label: p }))}
          />
        </Form.Item>
        {own ? null : (
          <Form.Item label={t('department')} required>
            <Select
              showSearch
              optionFilterProp="label"
              aria-label={t('department')}
              placeholder={t('chooseDepartment')}
              value={dept}
              onChange={setDept}
              options={departments.map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
