import { ImportOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { CooperationInput, TaskDetail, TaskInputs } from '../../api/types.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import type { Translate } from '../../i18n/I18n.tsx';
import { formatDateTime, formatPeriod } from '../../lib/format.ts';
import { periodsOf } from '../../lib/periods.ts';
import { useAsync } from '../../lib/useAsync.ts';

/** The state of a cooperating department's input, as a tag (未报送 when there is none). */
export function InputStateTag({ state }: { state: CooperationInput['state'] | null }) {
  const { t } = useI18n();
  if (state === 'consolidated') return <Tag color="success">{t('inputStateConsolidated')}</Tag>;
  if (state === 'sent') return <Tag color="processing">{t('inputStateSent')}</Tag>;
  return <Tag color="default">{t('inputNotSent')}</Tag>;
}

function valuesText(input: CooperationInput, task: TaskDetail): string {
  return input.values
    .map((v) => {
      const target = task.targets.find((x) => x.id === v.targetId);
      return target ? `${target.subject} ${v.actual}${target.unit}` : String(v.actual);
    })
    .join('；');
}

const loadInputs = (taskId: string, period: string) =>
  api.get<TaskInputs>(`/tasks/${taskId}/inputs`, { period, limit: 200 });

/**
 * The lead department's view in its progress form: each cooperating department's input for the period,
 * with "引用" to append it to the three narrative fields (the report then consolidates it).
 */
export function ConsolidationPanel(props: {
  task: TaskDetail;
  period: string;
  editable: boolean;
  quoted: ReadonlySet<string>;
  onQuote: (input: CooperationInput) => void;
}) {
  const { task, period, editable, quoted, onQuote } = props;
  const { t } = useI18n();
  const data = useAsync(() => loadInputs(task.id, period), [task.id, period]);
  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  const inputs = data.data;
  const missing = inputs?.coverage.filter((c) => c.inputId === null) ?? [];
  return (
    <Card
      size="small"
      type="inner"
      title={t('inputsFromCooperating')}
      style={{ marginBottom: 16 }}
      loading={!inputs}
      data-testid="consolidation-panel"
    >
      {inputs && inputs.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inputsEmpty')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('inputQuoteHint')}
          </Typography.Paragraph>
          <List
            size="small"
            dataSource={inputs?.items ?? []}
            renderItem={(input) => (
              <List.Item
                data-testid="cooperation-input"
                actions={[
                  <Button
                    key="quote"
                    size="small"
                    icon={<ImportOutlined />}
                    disabled={!editable || quoted.has(input.id)}
                    onClick={() => onQuote(input)}
                    data-testid="quote-input"
                  >
                    {quoted.has(input.id) ? t('inputQuoted') : t('inputQuote')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space size={6} wrap>
                      <strong>{input.departmentName}</strong>
                      <InputStateTag state={input.state} />
                      <span className="muted" style={{ fontSize: 12 }}>
                        {formatDateTime(input.updatedAt)}
                      </span>
                    </Space>
                  }
                  description={<InputText input={input} task={task} t={t} />}
                />
              </List.Item>
            )}
          />
        </>
      )}
      {missing.length > 0 ? (
        <Space size={4} wrap style={{ marginTop: 8 }}>
          <span className="muted">{t('inputNotSent')}：</span>
          {missing.map((c) => (
            <Tag key={c.departmentId}>{c.name}</Tag>
          ))}
        </Space>
      ) : null}
    </Card>
  );
}

function InputText({ input, task, t }: { input: CooperationInput; task: TaskDetail; t: Translate }) {
  return (
    <div className="user-text">
      <div>
        {t('progressText')}：{input.progress}
      </div>
      {input.problems ? (
        <div>
          {t('problemsText')}：{input.problems}
        </div>
      ) : null}
      {input.nextSteps ? (
        <div>
          {t('nextStepsText')}：{input.nextSteps}
        </div>
      ) : null}
      {input.values.length ? (
        <div>
          {t('inputValues')}：{valuesText(input, task)}
        </div>
      ) : null}
    </div>
  );
}

type InputValues = { progress: string; problems?: string; nextSteps?: string } & Record<
  string,
  string | number | null | undefined
>;

/** A cooperating department's form: its input (协办反馈) to the lead department for the period. */
export function CooperationInputCard(props: { task: TaskDetail; period: string; departmentId: string }) {
  const { task, period, departmentId } = props;
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<InputValues>();
  const data = useAsync(() => loadInputs(task.id, period), [task.id, period]);
  const mine = data.data?.items.find((x) => x.departmentId === departmentId) ?? null;

  useEffect(() => {
    form.resetFields();
    if (mine) {
      const values: InputValues = {
        progress: mine.progress,
        problems: mine.problems,
        nextSteps: mine.nextSteps,
      };
      for (const v of mine.values) values[`t_${v.targetId}`] = v.actual;
      form.setFieldsValue(values);
    }
  }, [mine, form]);

  const send = async () => {
    let values: InputValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    try {
      await api.post(`/tasks/${task.id}/inputs`, {
        period,
        progress: values.progress,
        problems: values.problems ?? '',
        nextSteps: values.nextSteps ?? '',
        values: task.targets
          .map((x) => ({ targetId: x.id, actual: values[`t_${x.id}`] }))
          .filter((v): v is { targetId: string; actual: number } => typeof v.actual === 'number'),
        ...(mine ? { version: mine.version } : {}),
      });
      message.success(t('inputSent'));
      data.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        message.warning(e.code === 'conflict' ? t('conflict') : e.message);
        data.reload();
      } else {
        message.error(errorMessage(e));
      }
    }
  };

  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  return (
    <Card
      size="small"
      title={
        <Space>
          {t('inputMine')}
          <span className="muted">{formatPeriod(period, lang)}</span>
          {data.data ? <InputStateTag state={mine?.state ?? null} /> : null}
        </Space>
      }
      style={{ marginBottom: 16 }}
      loading={!data.data}
      data-testid="cooperation-input-card"
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message={t('inputMineHint', { lead: task.assignment?.leadDepartment ?? '—' })}
      />
      <Form<InputValues> form={form} layout="vertical">
        {task.targets.map((x) => (
          <Form.Item key={x.id} name={`t_${x.id}`} label={x.subject}>
            <InputNumber
              addonAfter={x.unit || undefined}
              style={{ width: '100%', maxWidth: 320 }}
              aria-label={x.subject}
            />
          </Form.Item>
        ))}
        <Form.Item
          name="progress"
          label={t('progressText')}
          rules={[{ required: true, whitespace: true, message: t('progressRequired') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 10 }}
            maxLength={20000}
            data-testid="input-progress"
          />
        </Form.Item>
        <Form.Item name="problems" label={t('problemsText')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={20000} />
        </Form.Item>
        <Form.Item name="nextSteps" label={t('nextStepsText')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={20000} />
        </Form.Item>
      </Form>
      <Button type="primary" icon={<SendOutlined />} onClick={() => void send()} data-testid="send-input">
        {mine ? t('inputUpdate') : t('inputSend')}
      </Button>
    </Card>
  );
}

/** The coordinator's (and leaders') view in task detail: which cooperating departments have sent input. */
export function InputCoverageCard({ task }: { task: TaskDetail }) {
  const { t, lang } = useI18n();
  const year = Number(task.planTitle.match(/(\d{4})年/)?.[1] ?? new Date().getFullYear());
  const periods = useMemo(() => periodsOf(year, new Date()), [year]);
  const [period, setPeriod] = useState(periods[0] ?? `${year}-01`);
  const data = useAsync(() => loadInputs(task.id, period), [task.id, period]);
  if (!task.assignment?.cooperatingDepartmentIds.length) return null;
  return (
    <Card
      size="small"
      title={t('inputCoverage', { period: formatPeriod(period, lang) })}
      extra={
        <Select
          size="small"
          value={period}
          onChange={setPeriod}
          options={periods.map((p) => ({ value: p, label: formatPeriod(p, lang) }))}
          style={{ width: 130 }}
          aria-label={t('period')}
        />
      }
      style={{ marginTop: 16 }}
      loading={!data.data && !data.error}
      data-testid="input-coverage"
    >
      {data.error ? <ErrorAlert error={data.error} onRetry={data.reload} /> : null}
      {data.data && data.data.coverage.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inputNoCooperating')} />
      ) : (
        <List
          size="small"
          dataSource={data.data?.coverage ?? []}
          renderItem={(c) => {
            const input = data.data?.items.find((x) => x.id === c.inputId);
            return (
              <List.Item data-testid="coverage-row">
                <List.Item.Meta
                  title={
                    <Space size={6}>
                      <strong>{c.name}</strong>
                      <InputStateTag state={c.state} />
                    </Space>
                  }
                  description={input ? <InputText input={input} task={task} t={t} /> : null}
                />
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
