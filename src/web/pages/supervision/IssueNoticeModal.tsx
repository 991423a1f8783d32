import { App, Button, DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { NoticeColor, NoticeView } from '../../api/supervision-types.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { useI18n, type Translate } from '../../i18n/I18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

const COLOR_KEY: Record<NoticeColor, MessageKey> = {
  blue: 'noticeColorBlue',
  yellow: 'noticeColorYellow',
  red: 'noticeColorRed',
};
export const NOTICE_TAG_COLOR: Record<NoticeColor, string> = { blue: 'blue', yellow: 'gold', red: 'red' };
export const noticeColorLabel = (t: Translate, c: NoticeColor): string => t(COLOR_KEY[c]);

type Values = { color: NoticeColor; reason: string; requirement?: string; replyDue?: Dayjs | null };

/** The form to issue a 督办 notice on a task (coordinator), prefilled from a suggestion when there is one. */
export function IssueNoticeModal({
  open,
  task,
  initial,
  replyDays,
  onClose,
  onIssued,
}: {
  open: boolean;
  task: { id: string; title: string };
  initial?: { color: NoticeColor; reason: string };
  replyDays?: number;
  onClose: () => void;
  onIssued: (notice: NoticeView) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const notice = await api.post<NoticeView>('/notices', {
        taskId: task.id,
        color: v.color,
        reason: v.reason.trim(),
        ...(v.requirement?.trim() ? { requirement: v.requirement.trim() } : {}),
        ...(v.replyDue ? { replyDue: v.replyDue.format('YYYY-MM-DD') } : {}),
      });
      message.success(t('noticeIssuedOk', { number: notice.number }));
      form.resetFields();
      onIssued(notice);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('noticeIssueTitle', { task: task.title })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={saving}
          onClick={() => form.submit()}
          data-testid="notice-issue-submit"
        >
          {t('noticeIssue')}
        </Button>,
      ]}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ color: initial?.color ?? 'yellow', reason: initial?.reason ?? '', replyDue: null }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="color" label={t('noticeColor')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={(['blue', 'yellow', 'red'] as const).map((c) => ({
              value: c,
              label: noticeColorLabel(t, c),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('noticeReason')}
          rules={[{ required: true, whitespace: true, message: t('required') }]}
        >
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} data-testid="notice-reason" />
        </Form.Item>
        <Form.Item name="requirement" label={t('noticeRequirement')}>
          <Input.TextArea
            autoSize={{ minRows: 2 }}
            maxLength={2000}
            placeholder={t('noticeRequirementPlaceholder')}
          />
        </Form.Item>
        <Form.Item
          name="replyDue"
          label={t('noticeReplyDue')}
          extra={replyDays ? t('noticeReplyDueDefault', { n: replyDays }) : undefined}
        >
          <DatePicker
            style={{ width: 200 }}
            disabledDate={(d) => d.isBefore(dayjs(), 'day')}
            data-testid="notice-reply-due"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
