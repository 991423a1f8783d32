import {
  BulbOutlined,
  CalendarOutlined,
  SaveOutlined,
  SearchOutlined,
  SendOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Empty,
  Form,
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
import type { CheckboxProps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { TaskSuggestion } from '../../../core/plan/suggest.ts';
import { api, ApiError, getAll } from '../../api/client.ts';
import type { Department, Leader, Milestone, PlanView, TaskView } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n, type Translate } from '../../i18n/I18n.tsx';
import { planStateLabel } from '../../lib/format.ts';
import { draftKey, readDraft, writeDraft } from '../../lib/local-drafts.ts';
import { areasOf, taskMatches } from '../../lib/plan.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { OfficeToolbar } from '../office/OfficeToolbar.tsx';

type Draft = {
  leaderId: string | null;
  leadDepartmentId: string | null;
  cooperatingDepartmentIds: string[];
  deadline: string | null;
  milestones: Milestone[];
};

type Row = { task: TaskView; seq: number; area: string };

/** Unsaved rows in localStorage: each draft with the assignment version it was made on. */
type StoredDrafts = { savedAt: string; items: Record<string, { draft: Draft; base: number | null }> };

type BulkFields = {
  leaderId?: string;
  leadDepartmentId?: string;
  cooperatingDepartmentIds?: string[];
  deadline?: string;
};

type BulkResult = {
  ok: number;
  failures: { taskId: string; seq: number; title: string; message: string }[];
};

const DEADLINES = ['年底前', '6月底前', '9月底前', '3月底前', '持续推进'];

const draftOf = (task: TaskView): Draft => ({
  leaderId: task.assignment?.leaderId ?? null,
  leadDepartmentId: task.assignment?.leadDepartmentId ?? null,
  cooperatingDepartmentIds: task.assignment?.cooperatingDepartmentIds ?? [],
  deadline: task.assignment?.deadline ?? null,
  milestones: task.assignment?.milestones ?? [],
});

const same = (a: Draft, b: Draft): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The suggestion applied to a row: departments and leader from the API, deadline only when empty. */
const applySuggestion = (d: Draft, s: TaskSuggestion): Draft => ({
  leaderId: s.leader?.leaderId ?? d.leaderId,
  leadDepartmentId: s.lead?.departmentId ?? d.leadDepartmentId,
  cooperatingDepartmentIds: s.cooperating.map((c) => c.departmentId),
  deadline: d.deadline?.trim() ? d.deadline : s.deadline.text,
  milestones: d.milestones,
});

/** Why a department and leader are suggested, in words. */
function suggestionReason(t: Translate, s: TaskSuggestion): string {
  const parts: string[] = [];
  if (s.lead) {
    parts.push(
      s.fallback
        ? t('suggestFallback', { dept: s.lead.name })
        : t('suggestLeadBecause', { dept: s.lead.name, words: s.lead.words.join('、') }),
    );
  }
  if (s.cooperating.length > 0) {
    parts.push(t('suggestCooperating', { depts: s.cooperating.map((c) => c.name).join('、') }));
  }
  if (s.leader) {
    parts.push(
      s.leader.via === 'department'
        ? t('suggestLeaderDept', { leader: s.leader.name, dept: s.leader.words.join('、') })
        : t('suggestLeaderPortfolio', { leader: s.leader.name, words: s.leader.words.join('、') }),
    );
  }
  return parts.join('；');
}

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
      getAll<Department>('/departments'),
      getAll<Leader>('/leaders'),
    ]);
    const suggestions =
      editable && plan.state !== 'archived'
        ? (await api.get<{ items: TaskSuggestion[] }>(`/plans/${planId}/suggestions`)).items
        : [];
    return {
      plan,
      departments: departments.filter((d) => d.active),
      leaders: leaders.filter((l) => l.active),
      suggestions,
    };
  }, [planId, editable]);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [saving, setSaving] = useState<Record<string, boolean>>({});
  const [bulkBusy, setBulkBusy] = useState(false);
  const [q, setQ] = useState('');
  const [area, setArea] = useState<string | undefined>();
  const [dept, setDept] = useState<string | undefined>();
  const [leaderFilter, setLeaderFilter] = useState<string | undefined>();
  const [assigned, setAssigned] = useState<'yes' | 'no' | undefined>();
  const [milestoneRow, setMilestoneRow] = useState<{ taskId: string; items: string[] } | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [bulkResult, setBulkResult] = useState<BulkResult | null>(null);
  const [restored, setRestored] = useState<{ n: number; skipped: number } | null>(null);
  const [bulkForm] = Form.useForm<BulkFields>();
  // The assignment version each unsaved row was edited on (a row saved elsewhere meanwhile is not restored).
  const bases = useRef<Record<string, number | null>>({});
  const restoredFor = useRef<string | null>(null);

  const plan = data.data?.plan;
  const departments = useMemo(() => data.data?.departments ?? [], [data.data]);
  const leaders = useMemo(() => data.data?.leaders ?? [], [data.data]);
  const suggestions = useMemo(
    () => new Map((data.data?.suggestions ?? []).map((s) => [s.taskId, s] as const)),
    [data.data],
  );
  const rows = useMemo<Row[]>(() => {
    if (!plan) return [];
    let seq = 0;
    return areasOf(plan).flatMap((a) => a.tasks.map((task) => ({ task, seq: ++seq, area: a.title })));
  }, [plan]);
  const areas = useMemo(() => (plan ? areasOf(plan) : []), [plan]);
  const storageKey = user && editable ? draftKey('assign', user.id, planId) : null;

  // Restore the unsaved edits of this plan once, when it has loaded.
  useEffect(() => {
    if (!plan || storageKey === null || restoredFor.current === storageKey) return;
    restoredFor.current = storageKey;
    const stored = readDraft<StoredDrafts>(storageKey);
    if (!stored?.items) return;
    const byId = new Map(plan.tasks.map((x) => [x.id, x] as const));
    const next: Record<string, Draft> = {};
    let skipped = 0;
    for (const [id, entry] of Object.entries(stored.items)) {
      const task = byId.get(id);
      // Already saved (the page was left before the entry was cleared): nothing to restore.
      if (task && same(entry.draft, draftOf(task))) continue;
      if (!task || (task.assignment?.version ?? null) !== entry.base) {
        skipped += 1;
        continue;
      }
      next[id] = entry.draft;
      bases.current[id] = entry.base;
    }
    const n = Object.keys(next).length;
    if (n > 0) setDrafts((d) => ({ ...next, ...d }));
    if (n > 0 || skipped > 0) setRestored({ n, skipped });
  }, [plan, storageKey]);

  // Keep the unsaved edits in localStorage; none left: remove the entry.
  useEffect(() => {
    if (!plan || storageKey === null || restoredFor.current !== storageKey) return;
    const byId = new Map(plan.tasks.map((x) => [x.id, x] as const));
    const items: StoredDrafts['items'] = {};
    for (const [id, d] of Object.entries(drafts)) {
      const task = byId.get(id);
      if (!task || same(d, draftOf(task))) continue;
      items[id] = { draft: d, base: bases.current[id] ?? task.assignment?.version ?? null };
    }
    writeDraft(
      storageKey,
      Object.keys(items).length > 0 ? { savedAt: new Date().toISOString(), items } : null,
    );
  }, [drafts, plan, storageKey]);

  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (!plan) return <Loading />;

  const current = (task: TaskView): Draft => drafts[task.id] ?? draftOf(task);
  const dirty = (task: TaskView): boolean =>
    drafts[task.id] !== undefined && !same(drafts[task.id] as Draft, draftOf(task));
  const change = (task: TaskView, patch: Partial<Draft>) => {
    if (!(task.id in bases.current)) bases.current[task.id] = task.assignment?.version ?? null;
    setDrafts((d) => ({ ...d, [task.id]: { ...(d[task.id] ?? draftOf(task)), ...patch } }));
  };
  const forget = (ids: string[]) => {
    for (const id of ids) delete bases.current[id];
    setDrafts((d) => {
      const next = { ...d };
      for (const id of ids) delete next[id];
      return next;
    });
  };
  const leaderFor = (deptId: string | null): string | null =>
    deptId ? (leaders.find((l) => l.departmentIds.includes(deptId))?.id ?? null) : null;
  const deptName = (id: string | null | undefined) => departments.find((x) => x.id === id)?.name;

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
      forget([task.id]);
      data.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        modal.warning({ title: t('conflict'), content: task.title, okText: t('confirm') });
        forget([task.id]);
        data.reload();
      } else {
        message.error(errorMessage(e));
      }
    } finally {
      setSaving((s) => ({ ...s, [task.id]: false }));
    }
  };

  /** Save several rows, one request each with its own version; failures are listed per row. */
  const runBulk = async (items: { row: Row; draft: Draft }[], okText: (n: number) => string) => {
    setBulkBusy(true);
    setBulkResult(null);
    const failures: BulkResult['failures'] = [];
    const done: string[] = [];
    for (const { row, draft } of items) {
      try {
        await put(row.task, draft);
        done.push(row.task.id);
      } catch (e) {
        failures.push({ taskId: row.task.id, seq: row.seq, title: row.task.title, message: errorMessage(e) });
      }
    }
    forget(done);
    setSelected(failures.map((f) => f.taskId));
    setBulkResult({ ok: done.length, failures });
    if (failures.length === 0) message.success(okText(done.length));
    setBulkBusy(false);
    data.reload();
  };

  const acceptAll = () =>
    runBulk(
      rows.flatMap((row) => {
        const s = suggestions.get(row.task.id);
        return !row.task.assignment && s?.lead ? [{ row, draft: applySuggestion(current(row.task), s) }] : [];
      }),
      (n) => t('acceptedSuggestions', { n }),
    );

  const selectedRows = rows.filter((r) => selected.includes(r.task.id));

  const acceptSelected = () =>
    runBulk(
      selectedRows.flatMap((row) => {
        const s = suggestions.get(row.task.id);
        return s?.lead ? [{ row, draft: applySuggestion(current(row.task), s) }] : [];
      }),
      (n) => t('acceptedSuggestions', { n }),
    );

  const bulkAssign = async () => {
    const v = bulkForm.getFieldsValue();
    const items = selectedRows.map((row) => {
      const d = current(row.task);
      const lead = v.leadDepartmentId ?? d.leadDepartmentId;
      const coop = v.cooperatingDepartmentIds?.length
        ? v.cooperatingDepartmentIds
        : d.cooperatingDepartmentIds;
      return {
        row,
        draft: {
          ...d,
          leaderId:
            v.leaderId ?? (v.leadDepartmentId ? (leaderFor(v.leadDepartmentId) ?? d.leaderId) : d.leaderId),
          leadDepartmentId: lead,
          cooperatingDepartmentIds: coop.filter((x) => x !== lead),
          deadline: v.deadline?.trim() ? v.deadline.trim() : d.deadline,
        },
      };
    });
    setBulkOpen(false);
    bulkForm.resetFields();
    await runBulk(items, (n) => t('bulkSaved', { n }));
  };

  const saveAllDirty = async () => {
    for (const { task } of rows) if (dirty(task)) await save(task);
    setRestored(null);
  };

  const discardRestored = () => {
    forget(Object.keys(drafts));
    setRestored(null);
    message.info(t('unsavedDiscarded'));
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
      (!dept || current(r.task).leadDepartmentId === dept) &&
      (!leaderFilter || current(r.task).leaderId === leaderFilter) &&
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
              aria-label={t('assignedCount', { done: doneCount, total: rows.length })}
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
                <Button icon={<SaveOutlined />} onClick={() => void saveAllDirty()} data-testid="save-all">
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
      {restored ? (
        <Alert
          type={restored.n > 0 ? 'info' : 'warning'}
          showIcon
          data-testid="restored-edits"
          style={{ marginBottom: 12 }}
          message={
            restored.n > 0
              ? t('restoredEdits', { n: restored.n })
              : t('restoredSkipped', { n: restored.skipped })
          }
          description={
            restored.n > 0 && restored.skipped > 0 ? t('restoredSkipped', { n: restored.skipped }) : undefined
          }
          action={
            <Space>
              {restored.n > 0 ? (
                <Button size="small" type="primary" onClick={() => void saveAllDirty()}>
                  {t('saveAll')}
                </Button>
              ) : null}
              <Button size="small" danger onClick={discardRestored} data-testid="discard-restored">
                {t('discard')}
              </Button>
            </Space>
          }
          onClose={() => setRestored(null)}
          closable
        />
      ) : null}
      {bulkResult && bulkResult.failures.length > 0 ? (
        <Alert
          type="error"
          showIcon
          data-testid="bulk-failures"
          style={{ marginBottom: 12 }}
          message={t('bulkPartial', { ok: bulkResult.ok, failed: bulkResult.failures.length })}
          description={
            <ul className="bulk-failures">
              {bulkResult.failures.map((f) => (
                <li key={f.taskId}>
                  {t('bulkRowFailed', { seq: f.seq })}「<span className="user-text">{f.title}</span>」：
                  <span className="user-text">{f.message}</span>
                </li>
              ))}
            </ul>
          }
          closable
          onClose={() => setBulkResult(null)}
        />
      ) : null}
      <OfficeToolbar plan={plan} onChanged={data.reload} />
      <Card size="small">
        <div className="toolbar assign-filters">
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('searchPlaceholder')}
            aria-label={t('search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 240 }}
          />
          <Select
            allowClear
            placeholder={t('filterArea')}
            aria-label={t('filterArea')}
            value={area}
            onChange={setArea}
            options={areas.map((a) => ({ value: a.id, label: a.title }))}
            style={{ width: 220 }}
            popupMatchSelectWidth={false}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('leadDepartment')}
            aria-label={t('filterLeadDepartment')}
            value={dept}
            onChange={setDept}
            options={deptOptions}
            style={{ width: 170 }}
            data-testid="filter-lead"
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('responsibleLeader')}
            aria-label={t('filterLeader')}
            value={leaderFilter}
            onChange={setLeaderFilter}
            options={leaderOptions}
            style={{ width: 170 }}
            popupMatchSelectWidth={false}
          />
          <Select<'yes' | 'no'>
            allowClear
            placeholder={t('state')}
            aria-label={t('state')}
            value={assigned}
            onChange={setAssigned}
            options={[
              { value: 'no', label: t('unassignedOnly') },
              { value: 'yes', label: t('assigned') },
            ]}
            style={{ width: 130 }}
            data-testid="filter-state"
          />
        </div>
        {editable && selected.length > 0 ? (
          <div
            className="selection-bar"
            role="region"
            aria-label={t('bulkActions')}
            data-testid="selection-bar"
          >
            <Typography.Text strong>{t('selectedCount', { n: selected.length })}</Typography.Text>
            <Button
              type="primary"
              icon={<TeamOutlined />}
              onClick={() => setBulkOpen(true)}
              loading={bulkBusy}
              data-testid="bulk-assign"
            >
              {t('bulkAssign')}
            </Button>
            <Button
              icon={<BulbOutlined />}
              onClick={() => void acceptSelected()}
              loading={bulkBusy}
              data-testid="accept-selected"
            >
              {t('acceptSelectedSuggestions')}
            </Button>
            <Button type="link" onClick={() => setSelected([])}>
              {t('clearSelection')}
            </Button>
          </div>
        ) : null}
        <Table<Row>
          rowKey={(r) => r.task.id}
          size="small"
          dataSource={filtered}
          loading={data.loading}
          scroll={{ x: 1120 }}
          sticky
          locale={{ emptyText: <Empty description={t('emptyFiltered')} /> }}
          rowClassName={(r) => (dirty(r.task) ? 'row-dirty' : '')}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => t('total', { n }) }}
          rowSelection={
            editable
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys.map(String)),
                  columnWidth: 40,
                  fixed: wide ? 'left' : undefined,
                  // The row's number names its checkbox for screen readers (passed through to the input).
                  getCheckboxProps: (r) =>
                    ({ 'aria-label': `${t('selectRow')} ${r.seq}` }) as Partial<CheckboxProps>,
                }
              : undefined
          }
          columns={[
            { title: t('seq'), dataIndex: 'seq', width: 48, fixed: wide ? 'left' : undefined },
            {
              title: t('task'),
              key: 'task',
              width: 210,
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
              width: 150,
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
                const s = editable ? suggestions.get(r.task.id) : undefined;
                const next = s?.lead ? applySuggestion(d, s) : null;
                const differs =
                  next !== null &&
                  (next.leadDepartmentId !== d.leadDepartmentId ||
                    next.leaderId !== d.leaderId ||
                    next.cooperatingDepartmentIds.join() !== d.cooperatingDepartmentIds.join());
                // The button's visible text starts its accessible name (WCAG 2.5.3), then the row and reason.
                const suggestionLabel =
                  next && s
                    ? `${t('acceptSuggestion')}：${
                        next.leadDepartmentId !== d.leadDepartmentId
                          ? deptName(next.leadDepartmentId)
                          : next.leaderId !== d.leaderId
                            ? (s.leader?.name ?? '')
                            : s.cooperating.map((c) => c.name).join('、')
                      }`
                    : '';
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
                    {differs && s && next ? (
                      <Tooltip title={suggestionReason(t, s)}>
                        <Button
                          size="small"
                          type="dashed"
                          icon={<BulbOutlined />}
                          onClick={() => change(r.task, next)}
                          data-testid="accept-suggestion"
                          aria-label={`${suggestionLabel}（${r.seq}；${suggestionReason(t, s)}）`}
                          style={{ maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis' }}
                        >
                          {suggestionLabel}
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
              width: 190,
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
              width: 130,
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
              width: 90,
              render: (_, r) => {
                const ms = current(r.task).milestones;
                return (
                  <Button
                    size="small"
                    icon={<CalendarOutlined />}
                    disabled={!editable && ms.length === 0}
                    aria-label={`${t('milestones')} ${r.seq}：${ms.length}/4`}
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
              width: 80,
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
        open={bulkOpen}
        title={t('bulkAssignTitle', { n: selected.length })}
        okText={t('bulkApply')}
        cancelText={t('cancel')}
        onCancel={() => setBulkOpen(false)}
        onOk={() => void bulkAssign()}
        okButtonProps={{ 'data-testid': 'bulk-apply' }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('bulkAssignHint')}</Typography.Paragraph>
        <Form<BulkFields> form={bulkForm} layout="vertical">
          <Form.Item label={t('responsibleLeader')} name="leaderId">
            <Select allowClear options={leaderOptions} placeholder={t('keepUnchanged')} />
          </Form.Item>
          <Form.Item label={t('leadDepartment')} name="leadDepartmentId">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={deptOptions}
              placeholder={t('keepUnchanged')}
            />
          </Form.Item>
          <Form.Item label={t('cooperatingDepartments')} name="cooperatingDepartmentIds">
            <Select
              mode="multiple"
              allowClear
              optionFilterProp="label"
              options={deptOptions}
              placeholder={t('keepUnchanged')}
            />
          </Form.Item>
          <Form.Item label={t('deadline')} name="deadline">
            <AutoComplete options={DEADLINES.map((x) => ({ value: x }))} placeholder={t('keepUnchanged')} />
          </Form.Item>
        </Form>
      </Modal>
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
