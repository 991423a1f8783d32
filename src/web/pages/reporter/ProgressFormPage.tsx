import { PaperClipOutlined, SaveOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError, getAll } from '../../api/client.ts';
import type { CooperationInput, ProgressView, TaskDetail } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusTag } from '../../components/StatusTag.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatDateTime, formatPeriod, progressStateLabel, targetValueText } from '../../lib/format.ts';
import { periodsOf } from '../../lib/periods.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { ConsolidationPanel, CooperationInputCard } from './CooperationInputs.tsx';

type Values = { progress: string; problems: string; nextSteps: string } & Record<
  string,
  string | number | null | undefined
>;

/** A department's progress report for a task and month: actual values, narrative, attachments. */
export function ProgressFormPage() {
  const { taskId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState<'draft' | 'submit' | null>(null);
  /** The cooperating departments' inputs quoted into this report (consolidated on submit). */
  const [quoted, setQuoted] = useState<ReadonlySet<string>>(new Set());
  const data = useAsync(async () => {
    const [task, reports] = await Promise.all([
      api.get<TaskDetail>(`/tasks/${taskId}`),
      getAll<ProgressView>(`/tasks/${taskId}/progress`),
    ]);
    return { task, reports };
  }, [taskId]);
  const task = data.data?.task;
  const year = Number(task?.planTitle.match(/(\d{4})年/)?.[1] ?? new Date().getFullYear());
  const periods = useMemo(() => periodsOf(year, new Date()), [year]);
  const period = params.get('period') ?? periods[0] ?? '';
  const mine =
    data.data?.reports.find((p) => p.departmentId === user?.departmentId && p.period === period) ?? null;
  const detail = useAsync(
    () => (mine ? api.get<ProgressView>(`/progress/${mine.id}`) : Promise.resolve(null)),
    [mine?.id, mine?.version],
  );
  const editable = !mine || mine.state === 'draft' || mine.state === 'returned';

  useEffect(() => {
    form.resetFields();
    if (mine) {
      const values: Values = { progress: mine.progress, problems: mine.problems, nextSteps: mine.nextSteps };
      for (const v of mine.values) values[`t_${v.targetId}`] = v.actual;
      form.setFieldsValue(values);
    }
    setFiles([]);
    setQuoted(new Set());
  }, [mine, form, period]);

  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (!task) return <Loading />;

  const send = async (draft: boolean) => {
    let values: Values;
    try {
      values = draft ? form.getFieldsValue() : await form.validateFields();
    } catch {
      return;
    }
    setBusy(draft ? 'draft' : 'submit');
    try {
      const body = {
        period,
        values: task.targets
          .map((x) => ({ targetId: x.id, actual: values[`t_${x.id}`] }))
          .filter((v): v is { targetId: string; actual: number } => typeof v.actual === 'number'),
        progress: values.progress ?? '',
        problems: values.problems ?? '',
        nextSteps: values.nextSteps ?? '',
        draft,
        ...(mine ? { version: mine.version } : {}),
        ...(quoted.size ? { consolidates: [...quoted] } : {}),
      };
      const saved = await api.post<ProgressView>(`/tasks/${task.id}/progress`, body);
      for (const f of files) await api.upload(`/progress/${saved.id}/attachments`, f);
      message.success(draft ? t('draftSaved') : t('submitted'));
      data.reload();
      if (!draft) void navigate('/app/my');
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        message.warning(e.code === 'conflict' ? t('conflict') : e.message);
        data.reload();
      } else {
        message.error(errorMessage(e));
      }
    } finally {
      setBusy(null);
    }
  };

  const others = (data.data?.reports ?? []).filter((p) => p.id !== mine?.id);
  const department = user?.departmentId ?? null;
  const isLead = department !== null && task.assignment?.leadDepartmentId === department;
  const isCooperating =
    department !== null && !isLead && !!task.assignment?.cooperatingDepartmentIds.includes(department);
  const quote = (input: CooperationInput) => {
    const add = (current: string | undefined, text: string) => {
      if (!text) return current;
      const line = `【${input.departmentName}】${text}`;
      return current ? `${current}\n${line}` : line;
    };
    const v = form.getFieldsValue();
    form.setFieldsValue({
      progress: add(v.progress, input.progress),
      problems: add(v.problems, input.problems),
      nextSteps: add(v.nextSteps, input.nextSteps),
    });
    setQuoted((q) => new Set(q).add(input.id));
  };

  return (
    <>
      <PageHeader
        crumbs={[
          { title: t('myTasksTitle'), to: '/app/my' },
          { title: task.title },
          { title: t('progressForm') },
        ]}
        title={t('progressForm')}
        subtitle={
          <Space wrap>
            <span>{task.title}</span>
            <StatusTag status={task.status} />
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          {isCooperating && department ? (
            <CooperationInputCard task={task} period={period} departmentId={department} />
          ) : null}
          <Card>
            <Space wrap style={{ marginBottom: 16 }}>
              <label htmlFor="period-select">{t('period')}</label>
              <Select
                id="period-select"
                value={period}
                onChange={(v: string) => setParams({ period: v }, { replace: true })}
                options={periods.map((p) => ({ value: p, label: formatPeriod(p, lang) }))}
                style={{ width: 160 }}
              />
              {mine ? (
                <Tag
                  color={
                    mine.state === 'returned' ? 'error' : mine.state === 'accepted' ? 'success' : 'processing'
                  }
                >
                  {progressStateLabel(t, mine.state)}
                </Tag>
              ) : null}
            </Space>
            {mine?.state === 'returned' ? (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 16 }}
                message={t('returnedAlert')}
                description={
                  <span>
                    {t('returnedReason')}：
                    <span className="user-text" data-testid="return-reason">
                      {mine.reviewReason}
                    </span>
                  </span>
                }
              />
            ) : null}
            {mine?.state === 'submitted' ? (
              <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('alreadySubmitted')} />
            ) : null}
            {mine?.state === 'accepted' ? (
              <Alert type="success" showIcon style={{ marginBottom: 16 }} message={t('alreadyAccepted')} />
            ) : null}
            {isLead && task.assignment?.cooperatingDepartmentIds.length ? (
              <ConsolidationPanel
                task={task}
                period={period}
                editable={editable}
                quoted={quoted}
                onQuote={quote}
              />
            ) : null}
            <Form<Values> form={form} layout="vertical" disabled={!editable}>
              {task.targets.length > 0 ? (
                <Card size="small" title={t('targets')} style={{ marginBottom: 16 }} type="inner">
                  {task.targets.map((x) => (
                    <Form.Item
                      key={x.id}
                      name={`t_${x.id}`}
                      label={`${x.subject}（${targetValueText(t, x)}）`}
                      extra={
                        x.latest
                          ? `${t('latestActual')}：${x.latest.actual} ${x.unit}（${formatPeriod(x.latest.period, lang)}）`
                          : undefined
                      }
                    >
                      <InputNumber
                        addonAfter={x.unit || undefined}
                        style={{ width: '100%', maxWidth: 320 }}
                        aria-label={x.subject}
                      />
                    </Form.Item>
                  ))}
                </Card>
              ) : null}
              <Form.Item
                name="progress"
                label={t('progressText')}
                rules={[{ required: true, message: t('progressRequired') }]}
              >
                <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={20000} showCount />
              </Form.Item>
              <Form.Item name="problems" label={t('problemsText')}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20000} />
              </Form.Item>
              <Form.Item name="nextSteps" label={t('nextStepsText')}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20000} />
              </Form.Item>
              <Form.Item label={t('attachments')} extra={t('attachmentTypes')}>
                <Upload
                  multiple
                  accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png,.txt"
                  fileList={files.map((f, i) => ({ uid: String(i), name: f.name, status: 'done' as const }))}
                  beforeUpload={(f) => {
                    setFiles((x) => [...x, f]);
                    return false;
                  }}
                  onRemove={(f) => setFiles((x) => x.filter((_, i) => String(i) !== f.uid))}
                >
                  <Button icon={<UploadOutlined />}>{t('uploadAttachment')}</Button>
                </Upload>
                {detail.data?.attachments?.length ? (
                  <List
                    size="small"
                    dataSource={detail.data.attachments}
                    renderItem={(a) => (
                      <List.Item>
                        <a href={`/api/v1/attachments/${a.id}`}>
                          <PaperClipOutlined /> {a.fileName}
                        </a>
                        <span className="muted">{Math.ceil(a.size / 1024)} KB</span>
                      </List.Item>
                    )}
                  />
                ) : null}
              </Form.Item>
            </Form>
            {editable ? (
              <Space>
                <Button icon={<SaveOutlined />} loading={busy === 'draft'} onClick={() => void send(true)}>
                  {t('saveDraft')}
                </Button>
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  loading={busy === 'submit'}
                  onClick={() => void send(false)}
                  data-testid="submit-report"
                >
                  {mine?.state === 'returned' ? t('resubmit') : t('submitReport')}
                </Button>
              </Space>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('task')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('leadDepartment')}>
                {task.assignment?.leadDepartment ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('cooperatingDepartments')}>
                {task.assignment?.cooperatingDepartments.join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('deadline')}>{task.assignment?.deadline ?? '—'}</Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph className="user-text" ellipsis={{ rows: 6, expandable: true, symbol: '…' }}>
              {task.text}
            </Typography.Paragraph>
            {task.assignment?.milestones.length ? (
              <List
                size="small"
                header={<strong>{t('milestones')}</strong>}
                dataSource={task.assignment.milestones}
                renderItem={(m) => (
                  <List.Item>
                    {t('quarter', { n: m.quarter })}：{m.text}
                  </List.Item>
                )}
              />
            ) : null}
          </Card>
          <Card size="small" title={t('myReports')} style={{ marginTop: 16 }}>
            <Table<ProgressView>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={others}
              columns={[
                { title: t('period'), dataIndex: 'period', render: (p: string) => formatPeriod(p, lang) },
                { title: t('department'), dataIndex: 'departmentName' },
                {
                  title: t('state'),
                  dataIndex: 'state',
                  render: (s: ProgressView['state']) => progressStateLabel(t, s),
                },
                {
                  title: t('submittedAt'),
                  dataIndex: 'submittedAt',
                  render: (v: string | null) => formatDateTime(v),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
