import {
  DeleteOutlined,
  EditOutlined,
  MergeCellsOutlined,
  PlusOutlined,
  ScissorOutlined,
  TableOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Collapse,
  Empty,
  Input,
  List,
  Modal,
  Popconfirm,
  Space,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { splitPoints, titleOf } from '../../../core/plan/restructure.ts';
import { api, ApiError } from '../../api/client.ts';
import type { ParserProblem, PlanView, ReportSource, TargetView, TaskView } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { MarkedText } from '../../components/MarkedText.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { planStateLabel, targetValueText } from '../../lib/format.ts';
import { draftKey, readDraft, writeDraft } from '../../lib/local-drafts.ts';
import { areasOf, flattenSections } from '../../lib/plan.ts';
import type { Mark } from '../../lib/segments.ts';
import { guessTarget, selectionOffsets } from '../../lib/selection.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { TargetFormModal, type TargetFormValues } from './TargetFormModal.tsx';

type Paragraph = { start: number; end: number };

function paragraphsOf(text: string, until: number): Paragraph[] {
  const out: Paragraph[] = [];
  let pos = 0;
  while (pos < until) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 || nl > until ? until : nl;
    if (end > pos) out.push({ start: pos, end });
    pos = end + 1;
  }
  return out;
}

type Editing =
  | { kind: 'edit'; target: TargetView; initial: Partial<TargetFormValues> }
  | { kind: 'add'; task: TaskView; quote: string; initial: Partial<TargetFormValues> }
  | null;

/** The target form's unsaved values, kept in localStorage until saved or discarded. */
type StoredForm =
  | { kind: 'edit'; targetId: string; values: Partial<TargetFormValues> }
  | { kind: 'add'; taskId: string; quote: string; values: Partial<TargetFormValues> };

type Splitting = { task: TaskView; at: number | null; title: string };

/** A task's text with the places it may be split at; the chosen one is marked. */
function SplitChooser({
  splitting,
  points,
  onChoose,
}: {
  splitting: Splitting;
  points: number[];
  onChoose: (at: number) => void;
}) {
  const { t } = useI18n();
  const text = splitting.task.text;
  const pieces: { from: number; to: number }[] = [];
  let from = 0;
  for (const p of points) {
    pieces.push({ from, to: p });
    from = p;
  }
  pieces.push({ from, to: text.length });
  return (
    <div className="split-text user-text" data-testid="split-text">
      {pieces.map((piece, i) => (
        <span key={piece.from}>
          <span className={splitting.at !== null && piece.from >= splitting.at ? 'split-second' : undefined}>
            {text.slice(piece.from, piece.to)}
          </span>
          {i < points.length ? (
            <button
              type="button"
              className={`split-point${splitting.at === points[i] ? ' active' : ''}`}
              aria-label={t('splitAfterSentence', { n: i + 1 })}
              aria-pressed={splitting.at === points[i]}
              onClick={() => onChoose(points[i] as number)}
              data-testid="split-point"
            >
              <ScissorOutlined />
            </button>
          ) : null}
        </span>
      ))}
    </div>
  );
}

/** "Add target" from the current selection in the source text; shows how many characters are selected. */
function AddTargetButton({
  sourceRef,
  onClick,
}: {
  sourceRef: RefObject<HTMLDivElement | null>;
  onClick: () => void;
}) {
  const { t } = useI18n();
  const [length, setLength] = useState(0);
  useEffect(() => {
    const onChange = () => {
      const sel = selectionOffsets(sourceRef.current);
      setLength(sel ? sel.end - sel.start : 0);
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [sourceRef]);
  return (
    <Tooltip title={t('addTargetHint')}>
      <Button icon={<PlusOutlined />} onClick={onClick} data-testid="add-target">
        {t('addTarget')}
        {length > 0 ? <Badge count={length} overflowCount={999} style={{ marginInlineStart: 6 }} /> : null}
      </Button>
    </Tooltip>
  );
}

type SourceTextProps = {
  ref: RefObject<HTMLDivElement | null>;
  text: string;
  paragraphs: Paragraph[];
  marks: Mark[];
  activeId: string | null;
  focusSpan: [number, number] | null;
  until: number;
  onActivate: (id: string) => void;
};

/** The report text, paragraph by paragraph, targets marked in place (re-rendered only when they change). */
const SourceText = memo(function SourceText({
  ref,
  text,
  paragraphs,
  marks,
  activeId,
  focusSpan,
  until,
  onActivate,
}: SourceTextProps) {
  const { t } = useI18n();
  return (
    <div className="source-text" ref={ref} data-testid="source-text">
      {paragraphs.map((p) => {
        const inFocus = focusSpan && p.start < focusSpan[1] && p.end > focusSpan[0];
        return (
          <p
            key={p.start}
            id={`para-${p.start}`}
            data-start={p.start}
            className={inFocus ? 'focus' : undefined}
          >
            <MarkedText
              text={text}
              from={p.start}
              to={p.end}
              marks={marks}
              activeId={activeId}
              onMarkClick={(id) => (id.startsWith('problem-') ? undefined : onActivate(id))}
              classFor={(id) => (id.startsWith('problem-') ? 'problem-mark' : 'target-mark')}
            />
          </p>
        );
      })}
      {until < text.length ? (
        <Alert
          type="warning"
          showIcon
          message={`${t('problemCopies')}：${text.length - until}`}
          style={{ marginTop: 12 }}
        />
      ) : null}
    </div>
  );
});

/** The parsed outline and targets beside the source text, each target highlighted in place. */
export function PlanReviewPage() {
  const { planId = '' } = useParams();
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const editable = user?.role === 'coordinator';
  const data = useAsync(async () => {
    const [plan, report] = await Promise.all([
      api.get<PlanView>(`/plans/${planId}`),
      api.get<ReportSource>(`/plans/${planId}/report`),
    ]);
    return { plan, report };
  }, [planId]);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [focusTask, setFocusTask] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [busy, setBusy] = useState(false);
  const [titleEdit, setTitleEdit] = useState<{ task: TaskView; title: string } | null>(null);
  const [mergeSel, setMergeSel] = useState<string[]>([]);
  const [mergeTitle, setMergeTitle] = useState<string | null>(null);
  const [splitting, setSplitting] = useState<Splitting | null>(null);
  const [restoredForm, setRestoredForm] = useState(false);
  const formKey = user && editable ? draftKey('review-target', user.id, planId) : null;
  const formRestoredFor = useRef<string | null>(null);
  const sourceRef = useRef<HTMLDivElement>(null);
  // A stable callback for the memoised source text; it calls the latest `activate`.
  const activateRef = useRef<(id: string) => void>(() => undefined);
  const onActivate = useCallback((id: string) => activateRef.current(id), []);

  const plan = data.data?.plan;
  const report = data.data?.report;
  const areas = useMemo(() => (plan ? areasOf(plan) : []), [plan]);
  const until = useMemo(() => {
    if (!plan || !report) return 0;
    const ends = flattenSections(plan.sections).map((s) => s.span[1]);
    return Math.min(report.text.length, Math.max(0, ...ends));
  }, [plan, report]);
  const paragraphs = useMemo(() => (report ? paragraphsOf(report.text, until) : []), [report, until]);
  const marks = useMemo<Mark[]>(() => {
    if (!plan) return [];
    const targets = plan.tasks.flatMap((task) =>
      task.targets.map((x) => ({ id: x.id, start: x.span[0], end: x.span[1] })),
    );
    const problems = (plan.problems ?? [])
      .map((p, i) => (p.span ? { id: `problem-${i}`, start: p.span[0], end: p.span[1] } : null))
      .filter((m): m is Mark => m !== null);
    return [...targets, ...problems];
  }, [plan]);

  // Reopen the target form with its unsaved values after a reload.
  useEffect(() => {
    if (!plan || formKey === null || formRestoredFor.current === formKey) return;
    formRestoredFor.current = formKey;
    const stored = readDraft<StoredForm>(formKey);
    if (!stored) return;
    let restored: Editing = null;
    if (stored.kind === 'edit') {
      const target = plan.tasks.flatMap((x) => x.targets).find((x) => x.id === stored.targetId);
      if (target) restored = { kind: 'edit', target, initial: { ...target, ...stored.values } };
    } else {
      const task = plan.tasks.find((x) => x.id === stored.taskId);
      if (task) {
        restored = {
          kind: 'add',
          task,
          quote: stored.quote,
          initial: { ...stored.values, quote: stored.quote },
        };
      }
    }
    // The target or task is gone (deleted, merged away): nothing to restore.
    if (restored === null) {
      writeDraft(formKey, null);
      return;
    }
    setEditing(restored);
    setRestoredForm(true);
  }, [plan, formKey]);

  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (data.loading && !data.data) return <Loading />;
  if (!plan || !report) return <Loading />;

  const taskOfTarget = new Map<string, TaskView>();
  for (const task of plan.tasks) for (const x of task.targets) taskOfTarget.set(x.id, task);
  const focusSpan = focusTask ? plan.tasks.find((x) => x.id === focusTask)?.span : undefined;

  const scrollToOffset = (offset: number) => {
    const p = paragraphs.find((x) => offset >= x.start && offset <= x.end);
    if (p)
      document.getElementById(`para-${p.start}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };
  const activate = (id: string) => {
    setActiveId(id);
    const task = taskOfTarget.get(id);
    if (task) setFocusTask(task.id);
    document.getElementById(`mark-${id}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    document.getElementById(`outline-${id}`)?.scrollIntoView({ block: 'nearest' });
  };
  activateRef.current = activate;

  const closeForm = () => {
    setEditing(null);
    setRestoredForm(false);
    if (formKey !== null) writeDraft(formKey, null);
  };
  const keepForm = (values: Partial<TargetFormValues>) => {
    if (formKey === null || !editing) return;
    writeDraft(
      formKey,
      editing.kind === 'edit'
        ? { kind: 'edit', targetId: editing.target.id, values }
        : { kind: 'add', taskId: editing.task.id, quote: editing.quote, values },
    );
  };

  const restructurable = editable && plan.state === 'draft';
  const mergeTasks = plan.tasks.filter((x) => mergeSel.includes(x.id));
  const sameSection = mergeTasks.every((x) => x.sectionId === mergeTasks[0]?.sectionId);
  const toggleMerge = (id: string, on: boolean) =>
    setMergeSel((sel) => (on ? [...sel, id] : sel.filter((x) => x !== id)));
  const struct = (task: TaskView) => ({
    id: task.id,
    sectionId: task.sectionId,
    parentId: task.parentId,
    title: task.title,
    text: task.text,
    span: task.span,
  });
  const splitOptions = splitting
    ? splitPoints(
        struct(splitting.task),
        splitting.task.targets.map((x) => ({ id: x.id, taskId: splitting.task.id, span: x.span })),
        plan.tasks.filter((x) => x.parentId === splitting.task.id).map(struct),
      )
    : [];

  const onConflict = (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) {
      message.warning(t('conflict'));
      data.reload();
    } else {
      message.error(errorMessage(e));
    }
  };

  const saveTarget = async (v: TargetFormValues) => {
    if (!editing) return;
    setBusy(true);
    const fields = {
      subject: v.subject,
      low: v.low,
      high: v.high,
      unit: v.unit ?? '',
      comparator: v.comparator,
      direction: v.direction,
      horizon: v.horizon,
      dueYear: v.dueYear ?? null,
    };
    try {
      if (editing.kind === 'edit') {
        await api.put(`/targets/${editing.target.id}`, { ...fields, version: editing.target.version ?? 1 });
      } else {
        await api.post(`/tasks/${editing.task.id}/targets`, { ...fields, quote: editing.quote });
        window.getSelection()?.removeAllRanges();
      }
      message.success(t('saved'));
      closeForm();
      data.reload();
    } catch (e) {
      onConflict(e);
    } finally {
      setBusy(false);
    }
  };

  const removeTarget = async (x: TargetView) => {
    try {
      await api.delete(`/targets/${x.id}`, { version: x.version ?? 1 });
      message.success(t('deleted'));
      data.reload();
    } catch (e) {
      onConflict(e);
    }
  };

  const startAdd = () => {
    const sel = selectionOffsets(sourceRef.current);
    if (!sel) {
      message.info(t('selectTextFirst'));
      return;
    }
    const task = plan.tasks.find((x) => sel.start >= x.span[0] && sel.end <= x.span[1]);
    if (!task) {
      message.warning(t('selectionOutsideTask'));
      return;
    }
    const quote = report.text.slice(sel.start, sel.end);
    const g = guessTarget(quote);
    setEditing({
      kind: 'add',
      task,
      quote,
      initial: { ...g, quote, direction: 'increase', horizon: 'year', dueYear: plan.year },
    });
  };

  const saveTitle = async () => {
    if (!titleEdit) return;
    try {
      await api.put(`/tasks/${titleEdit.task.id}`, {
        version: titleEdit.task.version ?? 1,
        title: titleEdit.title,
      });
      message.success(t('saved'));
      setTitleEdit(null);
      data.reload();
    } catch (e) {
      onConflict(e);
    }
  };

  const doMerge = async () => {
    setBusy(true);
    try {
      await api.post(`/plans/${plan.id}/tasks/merge`, {
        tasks: mergeTasks.map((x) => ({ id: x.id, version: x.version ?? 1 })),
        ...(mergeTitle?.trim() ? { title: mergeTitle.trim() } : {}),
      });
      message.success(t('mergedTasks', { n: mergeTasks.length }));
      setMergeSel([]);
      setMergeTitle(null);
      data.reload();
    } catch (e) {
      onConflict(e);
    } finally {
      setBusy(false);
    }
  };

  const doSplit = async () => {
    if (!splitting || splitting.at === null) return;
    setBusy(true);
    try {
      await api.post(`/tasks/${splitting.task.id}/split`, {
        version: splitting.task.version ?? 1,
        at: splitting.at,
        ...(splitting.title.trim() ? { title: splitting.title.trim() } : {}),
      });
      message.success(t('splitDone'));
      setSplitting(null);
      setMergeSel([]);
      data.reload();
    } catch (e) {
      onConflict(e);
    } finally {
      setBusy(false);
    }
  };

  const problemLabel = (p: ParserProblem) =>
    p.code === 'junk-removed'
      ? t('problemJunk')
      : p.code === 'copies-found'
        ? t('problemCopies')
        : t('problemOther');
  const problems = plan.problems ?? [];
  const targetCount = plan.tasks.reduce((n, x) => n + x.targets.length, 0);

  const outline = (
    <>
      {restructurable ? (
        mergeSel.length > 0 ? (
          <div className="merge-bar" data-testid="merge-bar" role="region" aria-label={t('mergeTasks')}>
            <Typography.Text strong>{t('selectedCount', { n: mergeSel.length })}</Typography.Text>
            <Button
              type="primary"
              size="small"
              icon={<MergeCellsOutlined />}
              disabled={mergeSel.length < 2 || !sameSection}
              onClick={() => setMergeTitle(mergeTasks.map((x) => x.title).join('；'))}
              data-testid="merge-open"
            >
              {t('mergeTasks')}
            </Button>
            <Button size="small" type="link" onClick={() => setMergeSel([])}>
              {t('clearSelection')}
            </Button>
            {!sameSection ? (
              <Typography.Text type="warning" style={{ fontSize: 12 }}>
                {t('mergeSameSection')}
              </Typography.Text>
            ) : null}
          </div>
        ) : (
          <Typography.Paragraph type="secondary" className="merge-hint">
            {t('restructureHint')}
          </Typography.Paragraph>
        )
      ) : null}
      <Collapse
        size="small"
        defaultActiveKey={areas.map((a) => a.id)}
        items={areas.map((a) => ({
          key: a.id,
          label: (
            <span>
              {a.title} <Tag style={{ marginInlineStart: 4 }}>{a.tasks.length}</Tag>
            </span>
          ),
          children: (
            <List<TaskView>
              size="small"
              dataSource={a.tasks}
              renderItem={(task) => (
                <List.Item key={task.id} style={{ display: 'block' }} data-testid="outline-task">
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                    <span style={{ display: 'flex', gap: 8, alignItems: 'flex-start', minWidth: 0 }}>
                      {restructurable && task.parentId === null ? (
                        <Checkbox
                          checked={mergeSel.includes(task.id)}
                          onChange={(e) => toggleMerge(task.id, e.target.checked)}
                          aria-label={`${t('selectToMerge')} ${task.title}`}
                          data-testid="merge-check"
                        />
                      ) : null}
                      <Typography.Link
                        strong
                        onClick={() => {
                          setFocusTask(task.id);
                          scrollToOffset(task.span[0]);
                        }}
                      >
                        {task.title}
                      </Typography.Link>
                    </span>
                    {editable ? (
                      <Space size={0}>
                        {restructurable && task.parentId === null ? (
                          <Tooltip title={t('splitTask')}>
                            <Button
                              size="small"
                              type="text"
                              icon={<ScissorOutlined />}
                              aria-label={`${t('splitTask')} ${task.title}`}
                              onClick={() => setSplitting({ task, at: null, title: '' })}
                              data-testid="split-task"
                            />
                          </Tooltip>
                        ) : null}
                        <Tooltip title={t('editTaskTitle')}>
                          <Button
                            size="small"
                            type="text"
                            icon={<EditOutlined />}
                            aria-label={`${t('editTaskTitle')} ${task.title}`}
                            onClick={() => setTitleEdit({ task, title: task.title })}
                          />
                        </Tooltip>
                      </Space>
                    ) : null}
                  </div>
                  {task.targets.map((x) => (
                    <div
                      key={x.id}
                      id={`outline-${x.id}`}
                      className={`outline-target${x.id === activeId ? ' active' : ''}`}
                      data-testid="outline-target"
                    >
                      <div
                        style={{
                          display: 'flex',
                          justifyContent: 'space-between',
                          gap: 8,
                          alignItems: 'center',
                        }}
                      >
                        <Typography.Link onClick={() => activate(x.id)} style={{ color: 'inherit' }}>
                          <span>{x.subject}</span>{' '}
                          <Typography.Text type="secondary">{targetValueText(t, x)}</Typography.Text>
                        </Typography.Link>
                        {editable ? (
                          <Space size={0}>
                            <Button
                              size="small"
                              type="text"
                              icon={<EditOutlined />}
                              aria-label={`${t('editTarget')} ${x.subject}`}
                              onClick={() => setEditing({ kind: 'edit', target: x, initial: x })}
                            />
                            <Popconfirm
                              title={t('deleteTargetConfirm')}
                              okText={t('delete')}
                              cancelText={t('cancel')}
                              onConfirm={() => void removeTarget(x)}
                            >
                              <Button
                                size="small"
                                type="text"
                                danger
                                icon={<DeleteOutlined />}
                                aria-label={`${t('delete')} ${x.subject}`}
                              />
                            </Popconfirm>
                          </Space>
                        ) : null}
                      </div>
                    </div>
                  ))}
                </List.Item>
              )}
            />
          ),
        }))}
      />
    </>
  );

  const problemList =
    problems.length === 0 ? (
      <Empty description={t('noProblems')} />
    ) : (
      <List<ParserProblem>
        size="small"
        dataSource={problems}
        renderItem={(p) => (
          <List.Item>
            <Space direction="vertical" size={2}>
              <Tag color={p.code === 'copies-found' ? 'orange' : 'red'}>{problemLabel(p)}</Tag>
              <span className="user-text">{p.message}</span>
              {p.span ? (
                <Typography.Link onClick={() => scrollToOffset(p.span?.[0] ?? 0)}>
                  {t('source')} →
                </Typography.Link>
              ) : null}
            </Space>
          </List.Item>
        )}
      />
    );

  return (
    <>
      <PageHeader
        crumbs={[
          { title: t('menuPlans'), to: '/app/plans' },
          { title: plan.title, to: undefined },
          { title: t('reviewTitle') },
        ]}
        title={plan.title}
        subtitle={
          <Space wrap>
            <Tag color={plan.state === 'draft' ? 'gold' : 'green'}>{planStateLabel(t, plan.state)}</Tag>
            <span>{t('taskCount', { n: plan.tasks.length })}</span>
            <span>{t('targetCount', { n: targetCount })}</span>
            <span className="muted">
              {report.fileName} · {report.encoding}
            </span>
          </Space>
        }
        extra={
          <>
            {editable ? <AddTargetButton sourceRef={sourceRef} onClick={startAdd} /> : null}
            <Button
              type="primary"
              icon={<TableOutlined />}
              onClick={() => void navigate(`/app/plans/${plan.id}/assign`)}
            >
              {t('openAssign')}
            </Button>
          </>
        }
      />
      {editable && plan.state === 'draft' ? (
        <Alert type="info" showIcon message={t('draftSavedNote')} style={{ marginBottom: 12 }} closable />
      ) : null}
      <div className="review-grid">
        <Card size="small" className="review-outline" styles={{ body: { padding: 8 } }}>
          <Tabs
            size="small"
            items={[
              { key: 'outline', label: t('outline'), children: outline },
              {
                key: 'problems',
                label: (
                  <span>
                    {t('parserProblems')} <Badge count={problems.length} showZero color="#faad14" />
                  </span>
                ),
                children: problemList,
              },
            ]}
          />
        </Card>
        <section aria-label={t('sourceText')}>
          <SourceText
            ref={sourceRef}
            text={report.text}
            paragraphs={paragraphs}
            marks={marks}
            activeId={activeId}
            focusSpan={focusSpan ?? null}
            until={until}
            onActivate={onActivate}
          />
        </section>
      </div>
      <TargetFormModal
        open={editing !== null}
        title={editing?.kind === 'add' ? t('addTarget') : t('editTarget')}
        initial={editing?.initial ?? {}}
        showQuote={editing?.kind === 'add'}
        busy={busy}
        notice={
          restoredForm ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              message={t('restoredEdits', { n: 1 })}
              data-testid="restored-form"
              action={
                <Button size="small" danger onClick={closeForm}>
                  {t('discard')}
                </Button>
              }
            />
          ) : null
        }
        onCancel={closeForm}
        onSubmit={(v) => void saveTarget(v)}
        onValuesChange={keepForm}
      />
      <Modal
        open={mergeTitle !== null}
        title={t('mergeTasksTitle', { n: mergeTasks.length })}
        okText={t('mergeTasks')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        onCancel={() => setMergeTitle(null)}
        onOk={() => void doMerge()}
        okButtonProps={{ 'data-testid': 'merge-confirm' }}
      >
        <Typography.Paragraph type="secondary">{t('mergeHint')}</Typography.Paragraph>
        <ol className="merge-list">
          {mergeTasks.map((x) => (
            <li key={x.id} className="user-text">
              {x.title}
              <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                {t('targetCount', { n: x.targets.length })}
              </Typography.Text>
            </li>
          ))}
        </ol>
        <label htmlFor="merge-title-input">{t('mergedTitle')}</label>
        <Input
          id="merge-title-input"
          value={mergeTitle ?? ''}
          onChange={(e) => setMergeTitle(e.target.value)}
          maxLength={500}
        />
      </Modal>
      <Modal
        open={splitting !== null}
        title={t('splitTaskTitle')}
        okText={t('splitTask')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        width={720}
        onCancel={() => setSplitting(null)}
        onOk={() => void doSplit()}
        okButtonProps={{
          disabled: splitting === null || splitting.at === null,
          'data-testid': 'split-confirm',
        }}
      >
        {splitting ? (
          splitOptions.length === 0 ? (
            <Empty description={t('noSplitPoints')} />
          ) : (
            <>
              <Typography.Paragraph type="secondary">{t('splitHint')}</Typography.Paragraph>
              <SplitChooser
                splitting={splitting}
                points={splitOptions}
                onChoose={(at) =>
                  setSplitting({ ...splitting, at, title: titleOf(splitting.task.text.slice(at)) })
                }
              />
              {splitting.at !== null ? (
                <div style={{ marginTop: 12 }}>
                  <label htmlFor="split-title-input">{t('splitSecondTitle')}</label>
                  <Input
                    id="split-title-input"
                    value={splitting.title}
                    onChange={(e) => setSplitting({ ...splitting, title: e.target.value })}
                    maxLength={500}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('splitTargetsNote', {
                      first: splitting.task.targets.filter(
                        (x) => x.span[0] < splitting.task.span[0] + (splitting.at ?? 0),
                      ).length,
                      second: splitting.task.targets.filter(
                        (x) => x.span[0] >= splitting.task.span[0] + (splitting.at ?? 0),
                      ).length,
                    })}
                  </Typography.Text>
                </div>
              ) : null}
            </>
          )
        ) : null}
      </Modal>
      <Modal
        open={titleEdit !== null}
        title={t('editTaskTitle')}
        onCancel={() => setTitleEdit(null)}
        onOk={() => void saveTitle()}
        okText={t('save')}
        cancelText={t('cancel')}
      >
        <label htmlFor="task-title-input">{t('taskTitle')}</label>
        <Input
          id="task-title-input"
          value={titleEdit?.title ?? ''}
          onChange={(e) => setTitleEdit(titleEdit ? { ...titleEdit, title: e.target.value } : null)}
          maxLength={500}
        />
      </Modal>
    </>
  );
}
