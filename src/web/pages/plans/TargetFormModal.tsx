import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect, type ReactNode } from 'react';
import type { Comparator, Direction, Horizon, TargetFields } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { COMPARATORS, comparatorLabel } from '../../lib/format.ts';

export type TargetFormValues = TargetFields & { quote?: string };

/** Edit or add a target: subject, number(s), unit, comparator (in words), direction, horizon. */
export function TargetFormModal({
  open,
  title,
  initial,
  showQuote,
  busy,
  notice,
  onCancel,
  onSubmit,
  onValuesChange,
}: {
  open: boolean;
  title: string;
  initial: Partial<TargetFormValues>;
  showQuote?: boolean;
  busy?: boolean;
  /** Shown above the form (e.g. "unsaved edits restored"). */
  notice?: ReactNode;
  onCancel: () => void;
  onSubmit: (values: TargetFormValues) => void;
  /** Every change of the form, so that the page can keep unsaved values across a reload. */
  onValuesChange?: (values: Partial<TargetFormValues>) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<TargetFormValues>();
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ direction: 'increase', horizon: 'year', dueYear: null, ...initial });
    }
  }, [open, initial, form]);
  const comparator = Form.useWatch('comparator', form);
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      {notice}
      <Form<TargetFormValues>
        form={form}
        layout="vertical"
        onValuesChange={(_, all) => onValuesChange?.(all)}
        onFinish={(v) => onSubmit({ ...v, high: v.comparator === 'range' ? v.high : v.low })}
      >
        {showQuote ? (
          <Form.Item label={t('quote')} name="quote">
            <Input.TextArea readOnly autoSize />
          </Form.Item>
        ) : null}
        <Form.Item label={t('subject')} name="subject" rules={[{ required: true, message: t('required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item
            label={t('comparator')}
            name="comparator"
            rules={[{ required: true }]}
            style={{ flex: '1 1 140px' }}
          >
            <Select<Comparator>
              options={COMPARATORS.map((c) => ({ value: c, label: comparatorLabel(t, c) }))}
            />
          </Form.Item>
          <Form.Item
            label={t('low')}
            name="low"
            rules={[{ required: true, message: t('required') }]}
            style={{ flex: '1 1 120px' }}
          >
            <InputNumber style={{ width: '100%' }} />
          </Form.Item>
          {comparator === 'range' ? (
            <Form.Item
              label={t('high')}
              name="high"
              rules={[{ required: true, message: t('required') }]}
              style={{ flex: '1 1 120px' }}
            >
              <InputNumber style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          <Form.Item label={t('unit')} name="unit" style={{ flex: '1 1 100px' }}>
            <Input maxLength={50} />
          </Form.Item>
        </div>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item label={t('direction')} name="direction" style={{ flex: '1 1 120px' }}>
            <Select<Direction>
              options={[
                { value: 'increase', label: t('dirIncrease') },
                { value: 'decrease', label: t('dirDecrease') },
                { value: 'keep', label: t('dirKeep') },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('horizon')} name="horizon" style={{ flex: '1 1 120px' }}>
            <Select<Horizon>
              options={[
                { value: 'year', label: t('horizonYear') },
                { value: 'multi-year', label: t('horizonMulti') },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('dueYear')} name="dueYear" style={{ flex: '1 1 120px' }}>
            <InputNumber min={1949} max={2100} style={{ width: '100%' }} />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}
