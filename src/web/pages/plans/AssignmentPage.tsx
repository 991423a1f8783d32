import {
  BulbOutlined,
  CalendarOutlined,
  SaveOutlined,
  SearchOutlined,
  SendOutlined,
} from '@ant-design/icons';
import {
  App,
  AutoComplete,
  Button,
  Card,
  Empty,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';
import type { Department, Leader, Milestone, PlanView, TaskView } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { planStateLabel } from '../../lib/format.ts';
import { areasOf, taskMatches } from '../../lib/plan.ts';
import { suggestDepartmentNames } from '../../lib/suggest.ts';
import { useAsync } from '../../lib/useAsync.ts';

type Draft = {
  leaderId: string | null;
  leadDepartmentId: string | null;
  cooperatingDepartmentIds: string[];
  deadline: string | null;
  milestones: Milestone[];
};

type Row = { task: TaskView; seq: number; area: string };

const DEADLINES = ['年底前', '6月底前', '9月底前', '3月底前', '持续推进'];

const draftOf = (task: TaskView): Draft => ({
  leaderId: task.assignment?.leaderId ?? null,
  leadDepartmentId: task.assignment?.leadDepartmentId ?? null,
  cooperatingDepartmentIds: task.assignment?.cooperatingDepartmentIds ?? [],
  deadline: task.assignment?.deadline ?? null,
  milestones: task.assignment?.milestones ?? [],
});

/** The responsibility table (分工表): one row per task, editable in place, saved with its version. */
export function AssignmentPage() {
  const { planId = '' } = useParams();
  const { t } = useI18n();
  const { user } = useAuth();
  const { message, modal } = App.useApp();
  const editable = user?.role === 'coordinator';
  const wide = Grid.useBreakpoint().md ?? false;
  const data = useAsync(async () => {
    const [plan, departments, leaders] = await Promise.all([
      api.get<PlanView>(`/plans/${planId}`),
      api.get<{ items: Department[] }>('/departments'),
      api.get<{ items: Leader[] }>('/leaders'),
    ]);
    return {
      plan,
      departments: departments.items.filter((d) => d.active),
      leaders: leaders.items.filter((l) => l.active),
    };
  }, [planId]);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [saving, setSaving] = useState<Record<string, boolean>>({});
  const [bulkBusy, setBulkBusy] = useState(false);
  const [q, setQ] = useState('');
  const [area, setArea] = useState<string | undefined>();
  const [dept, setDept] = useState<string | undefined>();
  const [assigned, setAssigned] = useState<'yes' | 'no' | undefined>();
  const [milestoneRow, setMilestoneRow] = useState<{ taskId: string; items: string[] } | null>(null);

  const plan = data.data?.plan;
  const departments = useMemo(() => data.data?.departments ?? [], [data.data]);
  const leaders = useMemo(() => data.data?.leaders ?? [], [data.data]);
  const deptByName = useMemo(() => new Map(departments.map((d) => [d.name, d] as const)), [departments]);
  const rows = useMemo<Row[]>(() => {
    if (!plan) return [];
    let seq = 0;
    return areasOf(plan).flatMap((a) => a.tasks.map((task) => ({ task, seq: ++seq, area: a.title })));
  }, [plan]);
  const areas = useMemo(() => (plan ? areasOf(plan) : []), [plan]);

  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (!plan) return <Loading />;

  const current = (task: TaskView): Draft => drafts[task.id] ?? draftOf(task);
  const dirty = (task: TaskView): boolean =>
    drafts[task.id] !== undefined && JSON.stringify(drafts[task.id]) !== JSON.stringify(draftOf(task));
  const change = (task: TaskView, patch: Partial<Draft>) =>
    setDrafts((d) => ({ ...d, [task.id]: { ...(d[task.id] ?? draftOf(task)), ...patch } }));
  const leaderFor = (deptId: string | null): string | null =>
    deptId ? (leaders.find((l) => l.departmentIds.includes(deptId))?.id ?? null) : null;

  const suggestionFor = (task: TaskView): Draft | null => {
    const found = suggestDepartmentNames(task.title, task.text).filter((n) => deptByName.has(n));
    // Nothing specific in the words: the development and reform commission coordinates by default.
    const names = found.length > 0 ? found : ['发展改革委'];
    const lead = names[0] ? deptByName.get(names[0]) : undefined;
    if (!lead) return null;
    const cooperating = names
      .slice(1, 3)
      .map((n) => deptByName.get(n)?.id)
      .filter((x): x is string => x !== undefined);
    return {
      leaderId: leaderFor(lead.id),
      leadDepartmentId: lead.id,
      cooperatingDepartmentIds: cooperating,
      deadline: /持续|长效|常态/.test(task.text.slice(0, 200)) ? '持续推进' : '年底前',
      milestones: [],
    };
  };

  const put = (task: TaskView, d: Draft) =>
    api.put(`/tasks/${task.id}/assignment`, {
      version: task.assignment?.version ?? null,
      leaderId: d.leaderId,
      leadDepartmentId: d.leadDepartmentId,
      cooperatingDepartmentIds: d.cooperatingDepartmentIds.filter((id) => id !== d.leadDepartmentId),
      deadline: d.deadline?.trim() ? d.deadline.trim() : null,
      milestones: d.milestones.filter((m) => m.text.trim() !== ''),
    });

  const save = async (task: TaskView) => {
    setSaving((s) => ({ ...s, [task.id]: true }));
    try {
      await put(task, current(task));
      message.success(t('assignmentSaved'));
      setDrafts((d) => {
        const next = { ...d };
        delete next[task.id];
        return next;
      });
      data.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        modal.warning({ title: t('conflict'), content: task.title, okText: t('confirm') });
        setDrafts((d) => {
          const next = { ...d };
          delete next[task.id];
          return next;
        });
        data.reload();
      } else {
        message.error(errorMessage(e));
      }
    } finally {
      setSaving((s) => ({ ...s, [task.id]: false }));
    }
  };

  const acceptAll = async () => {
    setBulkBusy(true);
    let n = 0;
    try {
      for (const { task } of rows) {
        if (task.assignment) continue;
        const s = suggestionFor(task);
        if (!s) continue;
        await put(task, s);
        n += 1;
      }
      message.success(t('acceptedSuggestions', { n }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBulkBusy(false);
      data.reload();
    }
  };

  const saveAllDirty = async () => {
    for (const { task } of rows) if (dirty(task)) await save(task);
  };

  const publish = async () => {
    try {
      await api.post(`/plans/${plan.id}/publish`, { version: plan.version });
      message.success(t('published'));
      data.reload();
    } catch (e) {
      message.error(e instanceof ApiError && e.status === 409 ? t('conflict') : errorMessage(e));
      data.reload();
    }
  };

  const filtered = rows.filter(
    (r) =>
      taskMatches(r.task, q) &&
      (!area || r.task.sectionId === area) &&
      (!dept ||
        current(r.task).leadDepartmentId === dept ||
        current(r.task).cooperatingDepartmentIds.includes(dept)) &&
      (!assigned || (assigned === 'yes') === (r.task.assignment !== null)),
  );
  const doneCount = rows.filter((r) => r.task.assignment?.leadDepartmentId).length;
  const dirtyCount = rows.filter((r) => dirty(r.task)).length;
  const deptOptions = departments.map((d) => ({ value: d.id, label: d.name }));
  const leaderOptions = leaders.map((l) => ({ value: l.id, label: `${l.name}（${l.title}）` }));

  return (
    <>
      <PageHeader
        crumbs={[
          { title: t('menuPlans'), to: '/app/plans' },
          { title: plan.title, to: `/app/plans/${plan.id}/review` },
          { title: t('assignTitle') },
        ]}
        title={t('assignTitle')}
        subtitle={
          <Space wrap>
            <span>{plan.title}</span>
            <Tag color={plan.state === 'draft' ? 'gold' : 'green'}>{planStateLabel(t, plan.state)}</Tag>
            <span>{t('assignedCount', { done: doneCount, total: rows.length })}</span>
            <Progress
              percent={rows.length ? Math.round((doneCount / rows.length) * 100) : 0}
              size="small"
              style={{ width: 120, margin: 0 }}
            />
          </Space>
        }
        extra={
          editable ? (
            <>
              <Button
                icon={<BulbOutlined />}
                loading={bulkBusy}
                onClick={() => void acceptAll()}
                data-testid="accept-all"
              >
                {t('acceptAllSuggestions')}
              </Button>
              {dirtyCount > 0 ? (
                <Button icon={<SaveOutlined />} onClick={() => void saveAllDirty()}>
                  {t('save')}（{dirtyCount}）
                </Button>
              ) : null}
              {plan.state === 'draft' ? (
                <Popconfirm
                  title={t('publishConfirm')}
                  okText={t('publish')}
                  cancelText={t('cancel')}
                  onConfirm={() => void publish()}
                >
                  <Button type="primary" icon={<SendOutlined />} data-testid="publish">
                    {t('publish')}
                  </Button>
                </Popconfirm>
              ) : (
                <Link to={`/public/plans/${plan.id}`}>
                  <Button>{t('openPublic')}</Button>
                </Link>
              )}
            </>
          ) : null
        }
      />
      <Card size="small">
        <div className="toolbar">
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('searchPlaceholder')}
            aria-label={t('search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 260 }}
          />
          <Select
            allowClear
            placeholder={t('filterArea')}
            aria-label={t('filterArea')}
            value={area}
            onChange={setArea}
            options={areas.map((a) => ({ value: a.id, label: a.title }))}
            style={{ width: 240 }}
            popupMatchSelectWidth={false}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('filterDepartment')}
            aria-label={t('filterDepartment')}
            value={dept}
            onChange={setDept}
            options={deptOptions}
            style={{ width: 200 }}
          />
          <Select<'yes' | 'no'>
            allowClear
            placeholder={t('state')}
            aria-label={t('state')}
            value={assigned}
            onChange={setAssigned}
            options={[
              { value: 'no', label: t('unassigned') },
              { value: 'yes', label: t('assigned') },
            ]}
            style={{ width: 120 }}
          />
        </div>
        <Table<Row>
          rowKey={(r) => r.task.id}
          size="small"
          dataSource={filtered}
          loading={data.loading}
          scroll={{ x: 1280 }}
          sticky
          locale={{ emptyText: <Empty description={t('emptyFiltered')} /> }}
          rowClassName={(r) => (dirty(r.task) ? 'row-dirty' : '')}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => t('total', { n }) }}
          columns={[
            { title: t('seq'), dataIndex: 'seq', width: 56, fixed: wide ? 'left' : undefined },
            {
              title: t('task'),
              key: 'task',
              width: 260,
              fixed: wide ? 'left' : undefined,
              render: (_, r) => (
                <div data-testid="assign-row-title">
                  <Link to={`/app/tasks/${r.task.id}`}>{r.task.title}</Link>
                  <div className="muted" style={{ fontSize: 12 }}>
                    {r.area}
                  </div>
                </div>
              ),
            },
            {
              title: t('responsibleLeader'),
              key: 'leader',
              width: 170,
              render: (_, r) => (
                <Select
                  allowClear
                  disabled={!editable}
                  value={current(r.task).leaderId ?? undefined}
                  onChange={(v: string | undefined) => change(r.task, { leaderId: v ?? null })}
                  options={leaderOptions}
                  placeholder={t('selectLeader')}
                  aria-label={`${t('responsibleLeader')} ${r.seq}`}
                  style={{ width: '100%' }}
                  popupMatchSelectWidth={false}
                />
              ),
            },
            {
              title: t('leadDepartment'),
              key: 'lead',
              width: 190,
              render: (_, r) => {
                const d = current(r.task);
                const s = editable ? suggestionFor(r.task) : null;
                const differs = s && s.leadDepartmentId !== d.leadDepartmentId;
                return (
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Select
                      allowClear
                      showSearch
                      optionFilterProp="label"
                      disabled={!editable}
                      value={d.leadDepartmentId ?? undefined}
                      onChange={(v: string | undefined) =>
                        change(r.task, {
                          leadDepartmentId: v ?? null,
                          leaderId: d.leaderId ?? leaderFor(v ?? null),
                          cooperatingDepartmentIds: d.cooperatingDepartmentIds.filter((x) => x !== v),
                        })
                      }
                      options={deptOptions}
                      placeholder={t('selectDepartment')}
                      aria-label={`${t('leadDepartment')} ${r.seq}`}
                      style={{ width: '100%' }}
                    />
                    {differs && s ? (
                      <Tooltip title={t('suggestion')}>
                        <Button
                          size="small"
                          type="dashed"
                          icon={<BulbOutlined />}
                          onClick={() =>
                            change(r.task, {
                              ...s,
                              deadline: d.deadline ?? s.deadline,
                              milestones: d.milestones,
                            })
                          }
                          data-testid="accept-suggestion"
                        >
                          {t('acceptSuggestion')}：
                          {departments.find((x) => x.id === s.leadDepartmentId)?.name}
                        </Button>
                      </Tooltip>
                    ) : null}
                  </Space>
                );
              },
            },
            {
              title: t('cooperatingDepartments'),
              key: 'coop',
              width: 260,
              render: (_, r) => {
                const d = current(r.task);
                return (
                  <Select
                    mode="multiple"
                    allowClear
                    disabled={!editable}
                    optionFilterProp="label"
                    value={d.cooperatingDepartmentIds}
                    onChange={(v: string[]) => change(r.task, { cooperatingDepartmentIds: v })}
                    options={deptOptions.filter((o) => o.value !== d.leadDepartmentId)}
                    placeholder={t('selectDepartment')}
                    aria-label={`${t('cooperatingDepartments')} ${r.seq}`}
                    style={{ width: '100%' }}
                  />
                );
              },
            },
            {
              title: t('deadline'),
              key: 'deadline',
              width: 150,
              render: (_, r) => (
                <AutoComplete
                  disabled={!editable}
                  value={current(r.task).deadline ?? ''}
                  onChange={(v: string) => change(r.task, { deadline: v })}
                  options={DEADLINES.map((x) => ({ value: x }))}
                  placeholder={t('deadlinePlaceholder')}
                  aria-label={`${t('deadline')} ${r.seq}`}
                  style={{ width: '100%' }}
                />
              ),
            },
            {
              title: t('milestones'),
              key: 'milestones',
              width: 110,
              render: (_, r) => {
                const ms = current(r.task).milestones;
                return (
                  <Button
                    size="small"
                    icon={<CalendarOutlined />}
                    disabled={!editable && ms.length === 0}
                    onClick={() =>
                      setMilestoneRow({
                        taskId: r.task.id,
                        items: [1, 2, 3, 4].map((qn) => ms.find((m) => m.quarter === qn)?.text ?? ''),
                      })
                    }
                  >
                    {ms.length}/4
                  </Button>
                );
              },
            },
            {
              title: t('actions'),
              key: 'actions',
              width: 100,
              fixed: wide ? 'right' : undefined,
              render: (_, r) =>
                editable ? (
                  <Button
                    size="small"
                    type={dirty(r.task) ? 'primary' : 'default'}
                    disabled={!dirty(r.task)}
                    loading={saving[r.task.id]}
                    onClick={() => void save(r.task)}
                    aria-label={`${t('save')} ${r.seq}`}
                  >
                    {t('save')}
                  </Button>
                ) : r.task.assignment ? (
                  <Tag color="green">{t('assigned')}</Tag>
                ) : (
                  <Tag>{t('unassigned')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        open={milestoneRow !== null}
        title={t('milestones')}
        okText={t('confirm')}
        cancelText={t('cancel')}
        okButtonProps={{ disabled: !editable }}
        onCancel={() => setMilestoneRow(null)}
        onOk={() => {
          const row = milestoneRow ? rows.find((r) => r.task.id === milestoneRow.taskId) : undefined;
          if (row && milestoneRow) {
            change(row.task, {
              milestones: milestoneRow.items
                .map((text, i) => ({ quarter: i + 1, text }))
                .filter((m) => m.text.trim() !== ''),
            });
          }
          setMilestoneRow(null);
        }}
      >
        {milestoneRow?.items.map((text, i) => (
          <div key={i} style={{ marginBottom: 12 }}>
            <Typography.Text strong>
              <label htmlFor={`milestone-${i}`}>{t('quarter', { n: i + 1 })}</label>
            </Typography.Text>
            <Input
              id={`milestone-${i}`}
              value={text}
              readOnly={!editable}
              onChange={(e) =>
                setMilestoneRow({
                  ...milestoneRow,
                  items: milestoneRow.items.map((x, j) => (j === i ? e.target.value : x)),
                })
              }
            />
          </div>
        ))}
      </Modal>
    </>
  );
}
