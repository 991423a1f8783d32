import { SettingOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, InputNumber, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { TargetKind, TaskOverrides } from '../../api/supervision-types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useI18n, type Translate } from '../../i18n/I18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { useAsync } from '../../lib/useAsync.ts';

const KIND_KEY: Record<TargetKind, MessageKey> = {
  cumulative: 'kindCumulative',
  level: 'kindLevel',
  rate: 'kindRate',
};
const kindLabel = (t: Translate, k: TargetKind): string => t(KIND_KEY[k]);

type Row = TaskOverrides['targets'][number];
type Edit = { kind: TargetKind | 'auto'; weight: number | null };

function OverridesForm({ taskId, onDone }: { taskId: string; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const data = useAsync(() => api.get<TaskOverrides>(`/tasks/${taskId}/overrides`), [taskId]);
  const [taskWeight, setTaskWeight] = useState<number | null | undefined>(undefined);
  const [edits, setEdits] = useState<Record<string, Edit>>({});
  const [saving, setSaving] = useState(false);
  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const o = data.data;
  const editOf = (r: Row): Edit => edits[r.targetId] ?? { kind: r.kind ?? 'auto', weight: r.weight };
  const setEdit = (r: Row, patch: Partial<Edit>) =>
    setEdits((prev) => ({ ...prev, [r.targetId]: { ...editOf(r), ...patch } }));

  const save = async () => {
    setSaving(true);
    try {
      if (taskWeight !== undefined && taskWeight !== o.weight) {
        await api.put(`/tasks/${taskId}/override`, { weight: taskWeight, version: o.version });
      }
      for (const r of o.targets) {
        const e = edits[r.targetId];
        if (!e) continue;
        const kind = e.kind === 'auto' ? null : e.kind;
        if (kind === r.kind && e.weight === r.weight) continue;
        await api.put(`/targets/${r.targetId}/override`, { kind, weight: e.weight, version: r.version });
      }
      message.success(t('overridesSaved'));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        message.warning(t('conflict'));
        setEdits({});
        setTaskWeight(undefined);
        data.reload();
      } else {
        message.error(errorMessage(e));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Alert type="info" showIcon message={t('overridesHint')} style={{ marginBottom: 12 }} />
      <Form layout="vertical">
        <Form.Item label={t('taskWeight')} htmlFor="task-weight">
          <InputNumber
            id="task-weight"
            min={0.1}
            max={100}
            step={0.5}
            placeholder={t('weightDefault')}
            value={taskWeight === undefined ? o.weight : taskWeight}
            onChange={(v) => setTaskWeight(v ?? null)}
            data-testid="task-weight"
          />
        </Form.Item>
      </Form>
      <Table<Row>
        rowKey="targetId"
        size="small"
        pagination={false}
        dataSource={o.targets}
        scroll={{ x: 640 }}
        columns={[
          {
            title: t('targets'),
            key: 'subject',
            render: (_, r) => (
              <div>
                <strong>{r.subject}</strong>
                <div className="muted user-text" style={{ fontSize: 12 }}>
                  {r.quote}
                </div>
              </div>
            ),
          },
          {
            title: t('targetKind'),
            key: 'kind',
            width: 190,
            render: (_, r) => (
              <Select<TargetKind | 'auto'>
                style={{ width: 176 }}
                aria-label={`${t('targetKind')} ${r.subject}`}
                value={editOf(r).kind}
                onChange={(v) => setEdit(r, { kind: v })}
                data-testid="target-kind"
                options={[
                  { value: 'auto', label: t('kindAuto', { kind: kindLabel(t, r.inferredKind) }) },
                  ...(['cumulative', 'level', 'rate'] as const).map((k) => ({
                    value: k,
                    label: kindLabel(t, k),
                  })),
                ]}
              />
            ),
          },
          {
            title: t('targetWeight'),
            key: 'weight',
            width: 120,
            render: (_, r) => (
              <InputNumber
                min={0.1}
                max={100}
                step={0.5}
                placeholder={t('weightDefault')}
                aria-label={`${t('targetWeight')} ${r.subject}`}
                value={editOf(r).weight}
                onChange={(v) => setEdit(r, { weight: v ?? null })}
              />
            ),
          },
        ]}
      />
      <div style={{ textAlign: 'right', marginTop: 16 }}>
        <Button onClick={onDone} style={{ marginInlineEnd: 8 }}>
          {t('cancel')}
        </Button>
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="overrides-save">
          {t('save')}
        </Button>
      </div>
    </>
  );
}

/** "评估设置" on a task (coordinator): each target's kind and weight, and the task's weight in roll-ups. */
export function EvaluationOverridesButton({ taskId, onSaved }: { taskId: string; onSaved?: () => void }) {
  const { t } = useI18n();
  const { user } = useAuth();
  const [open, setOpen] = useState(false);
  if (user?.role !== 'coordinator') return null;
  return (
    <>
      <Button icon={<SettingOutlined />} onClick={() => setOpen(true)} data-testid="evaluation-overrides">
        {t('evaluationSettings')}
      </Button>
      <Modal
        open={open}
        title={t('overridesTitle')}
        width={760}
        footer={null}
        destroyOnHidden
        onCancel={() => setOpen(false)}
      >
        <OverridesForm
          taskId={taskId}
          onDone={() => {
            setOpen(false);
            onSaved?.();
          }}
        />
      </Modal>
    </>
  );
}
