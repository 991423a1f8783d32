import { DOMAINS } from '../core/plan/suggest.ts';
import { newId } from '../store/ids.ts';
import { getPlanContent } from '../store/plan-repository.ts';
import { countTenants, createDepartment, createLeader, createTenant } from '../store/tenant-repository.ts';
import { createUser } from '../store/user-repository.ts';
import type { Role } from '../store/schema.ts';
import { hashPassword } from './auth.ts';
import { inTransaction, systemActor, type ServiceContext } from './context.ts';
import { importReport } from './import-report.ts';
import { assignTask, publishPlan } from './plan-workflow.ts';
import { simulateDemoYear } from './seed-simulation.ts';

/** A standard department list of a prefecture-level city government (editable after seeding). */
export const CITY_DEPARTMENTS = [
  '发展改革委',
  '财政局',
  '教育局',
  '科技局',
  '工业和信息化局',
  '公安局',
  '民政局',
  '司法局',
  '人社局',
  '自然资源和规划局',
  '生态环境局',
  '住建局',
  '城管局',
  '交通运输局',
  '水利局',
  '农业农村局',
  '林业局',
  '商务局',
  '文化广电和旅游局',
  '卫生健康委',
  '退役军人事务局',
  '应急管理局',
  '审计局',
  '国资委',
  '市场监管局',
  '统计局',
  '金融工作局',
  '医保局',
  '扶贫办',
  '政务服务和大数据管理局',
];

/** Demo leaders (fictional names) and the departments of their portfolios. */
export const CITY_LEADERS: { name: string; title: string; portfolio: string; departments: string[] }[] = [
  { name: '王建国', title: '市长', portfolio: '主持市政府全面工作，分管审计工作', departments: ['审计局'] },
  {
    name: '李明华',
    title: '常务副市长',
    portfolio: '负责市政府常务工作，分管发展改革、财政、金融、统计、国资、政务服务',
    departments: ['发展改革委', '财政局', '金融工作局', '统计局', '国资委', '政务服务和大数据管理局'],
  },
  {
    name: '张卫东',
    title: '副市长',
    portfolio: '分管工业和信息化、科技、商务、市场监管',
    departments: ['工业和信息化局', '科技局', '商务局', '市场监管局'],
  },
  {
    name: '刘志强',
    title: '副市长',
    portfolio: '分管城乡建设、交通、自然资源、生态环境、城市管理',
    departments: ['住建局', '交通运输局', '自然资源和规划局', '生态环境局', '城管局'],
  },
  {
    name: '陈晓燕',
    title: '副市长',
    portfolio: '分管教育、卫生健康、文化旅游、人社、民政、医保、退役军人事务',
    departments: ['教育局', '卫生健康委', '文化广电和旅游局', '人社局', '民政局', '医保局', '退役军人事务局'],
  },
  {
    name: '赵海峰',
    title: '副市长',
    portfolio: '分管农业农村、水利、林业、扶贫',
    departments: ['农业农村局', '水利局', '林业局', '扶贫办'],
  },
  {
    name: '孙立新',
    title: '副市长',
    portfolio: '分管公安、司法、应急管理',
    departments: ['公安局', '司法局', '应急管理局'],
  },
];

/**
 * Words of a task that suggest its lead department, checked in order: the fields of the suggester in
 * core (the decomposition suggestions API matches the same fields against the tenant's directory).
 */
export const DEPARTMENT_KEYWORDS: [RegExp, string][] = DOMAINS.map((d) => [d.keywords, d.canonical]);

/**
 * Suggest lead and cooperating departments from a task's words: each keyword hit in the title counts
 * 10, each in the text 1; ties go to the earlier mention.
 * @example suggestDepartments('加快发展学前教育', '…新建幼儿园…') -> { lead: '教育局', cooperating: [] }
 */
export function suggestDepartments(title: string, text: string): { lead: string; cooperating: string[] } {
  const body = text.slice(0, 600);
  const scored = new Map<string, { score: number; first: number }>();
  for (const [re, dept] of DEPARTMENT_KEYWORDS) {
    const global = new RegExp(re.source, 'g');
    const inTitle = title.match(global)?.length ?? 0;
    const inText = body.match(global)?.length ?? 0;
    if (inTitle + inText === 0) continue;
    const first = inTitle > 0 ? -1 : body.search(re);
    const prev = scored.get(dept) ?? { score: 0, first: Number.MAX_SAFE_INTEGER };
    scored.set(dept, { score: prev.score + inTitle * 10 + inText, first: Math.min(prev.first, first) });
  }
  const ordered = [...scored.entries()]
    .sort((a, b) => b[1].score - a[1].score || a[1].first - b[1].first)
    .map(([d]) => d);
  const lead = ordered[0] ?? '发展改革委';
  return { lead, cooperating: ordered.filter((d) => d !== lead).slice(0, 2) };
}

export const DEMO_USERS: {
  username: string;
  displayName: string;
  role: Role;
  department?: string;
  leader?: string;
}[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin' },
  { username: 'coordinator', displayName: '市政府督查室', role: 'coordinator' },
  { username: 'leader', displayName: '王建国（市长）', role: 'leader', leader: '王建国' },
  { username: 'reporter', displayName: '教育局报送员', role: 'reporter', department: '教育局' },
  { username: 'reporter2', displayName: '财政局报送员', role: 'reporter', department: '财政局' },
];

export type SeedResult = { tenantId: string; planId: string | null; users: string[] };

/**
 * On an empty database, create the demo: 河南省 > 许昌市 with its departments and leaders, the demo
 * users (all with `password`), and, when a sample report is given, import it, decompose every task
 * (lead department by its words, leader by portfolio, deadline, quarterly milestones) and publish it.
 * Returns null when the database already has a tenant.
 */
export async function seedDemo(
  ctx: ServiceContext,
  input: {
    password: string;
    sample: { bytes: Uint8Array; fileName: string } | null;
    /** Add a labelled simulated year of monthly progress (模拟数据) to the sample plan. */
    simulateProgress?: boolean;
  },
): Promise<SeedResult | null> {
  if ((await countTenants(ctx.store.db)) > 0) return null;
  const passwordHash = await hashPassword(input.password);
  const provinceId = newId();
  const tenantId = newId();
  const actor = systemActor(tenantId);
  const { deptIds, leaderIds } = await inTransaction(ctx, actor, async (trx, audit, nowIso) => {
    await createTenant(trx, {
      id: provinceId,
      parent_id: null,
      name: '河南省',
      level: 'province',
      timezone: 'Asia/Shanghai',
      version: 1,
      created_at: nowIso,
    });
    await audit({
      action: 'tenant.create',
      entityType: 'tenant',
      entityId: provinceId,
      tenantId: provinceId,
      after: { name: '河南省' },
    });
    await createTenant(trx, {
      id: tenantId,
      parent_id: provinceId,
      name: '许昌市',
      level: 'city',
      timezone: 'Asia/Shanghai',
      version: 1,
      created_at: nowIso,
    });
    await audit({
      action: 'tenant.create',
      entityType: 'tenant',
      entityId: tenantId,
      after: { name: '许昌市', parent: '河南省' },
    });
    const deptIds = new Map<string, string>();
    for (const [ord, name] of CITY_DEPARTMENTS.entries()) {
      const id = newId();
      deptIds.set(name, id);
      await createDepartment(trx, {
        id,
        tenant_id: tenantId,
        name,
        ord,
        active: 1,
        version: 1,
        created_at: nowIso,
      });
    }
    await audit({
      action: 'department.seed',
      entityType: 'tenant',
      entityId: tenantId,
      after: { departments: CITY_DEPARTMENTS },
    });
    const leaderIds = new Map<string, string>();
    for (const [ord, l] of CITY_LEADERS.entries()) {
      const id = newId();
      leaderIds.set(l.name, id);
      await createLeader(trx, {
        id,
        tenant_id: tenantId,
        name: l.name,
        title: l.title,
        portfolio: l.portfolio,
        department_ids: JSON.stringify(
          l.departments.map((d) => deptIds.get(d)).filter((x) => x !== undefined),
        ),
        ord,
        active: 1,
        version: 1,
        created_at: nowIso,
      });
    }
    await audit({
      action: 'leader.seed',
      entityType: 'tenant',
      entityId: tenantId,
      after: { leaders: CITY_LEADERS.map((l) => l.title + l.name) },
    });
    for (const u of DEMO_USERS) {
      const id = newId();
      await createUser(trx, {
        id,
        tenant_id: tenantId,
        username: u.username,
        display_name: u.displayName,
        role: u.role,
        department_id: u.department ? (deptIds.get(u.department) ?? null) : null,
        leader_id: u.leader ? (leaderIds.get(u.leader) ?? null) : null,
        password_hash: passwordHash,
        active: 1,
        version: 1,
        created_at: nowIso,
        updated_at: nowIso,
      });
      await audit({
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        after: { username: u.username, role: u.role },
      });
    }
    return { deptIds, leaderIds };
  });

  let planId: string | null = null;
  if (input.sample) {
    const imported = await importReport(ctx, actor, input.sample);
    planId = imported.plan.id;
    const content = await getPlanContent(ctx.store.db, planId);
    const dueYears = new Map<string, number>();
    for (const t of content.targets) {
      if (t.task_id !== null && t.due_year !== null)
        dueYears.set(t.task_id, Math.max(dueYears.get(t.task_id) ?? 0, t.due_year));
    }
    const leaderOf = (dept: string): string | undefined => {
      const l = CITY_LEADERS.find((x) => x.departments.includes(dept)) ?? CITY_LEADERS[1];
      return l ? leaderIds.get(l.name) : undefined;
    };
    const year = imported.plan.year;
    const suggested = new Map(content.tasks.map((t) => [t.id, suggestDepartments(t.title, t.text)] as const));
    // One task led by 财政局 (reporter2) with 教育局 (reporter) cooperating, so that 协办反馈 can be tried
    // with the demo logins: reporter sends the input, reporter2 consolidates it. The last one it leads.
    const pairTask = content.tasks.filter((t) => suggested.get(t.id)?.lead === '财政局').at(-1);
    for (const task of content.tasks) {
      const { lead, cooperating: suggestedCooperating } = suggested.get(task.id)!;
      const cooperating =
        task.id === pairTask?.id && !suggestedCooperating.includes('教育局')
          ? [...suggestedCooperating, '教育局']
          : suggestedCooperating;
      const due = dueYears.get(task.id);
      const deadline = /持续|长效|常态/.test(task.text.slice(0, 200))
        ? '持续推进'
        : due !== undefined && due > year
          ? `${due}年底前`
          : '年底前';
      await assignTask(ctx, actor, {
        taskId: task.id,
        version: null,
        leaderId: leaderOf(lead) ?? null,
        leadDepartmentId: deptIds.get(lead) ?? null,
        cooperatingDepartmentIds: cooperating.map((d) => deptIds.get(d)).filter((x) => x !== undefined),
        deadline,
        milestones: [
          { quarter: 1, text: '制定实施方案，明确责任分工' },
          { quarter: 2, text: '完成年度任务的 50%' },
          { quarter: 3, text: '完成年度任务的 75%' },
          { quarter: 4, text: '全面完成年度任务' },
        ],
      });
    }
    await publishPlan(ctx, actor, { planId, version: imported.plan.version });
    if (input.simulateProgress) await simulateDemoYear(ctx, { tenantId, planId });
  }
  return { tenantId, planId, users: DEMO_USERS.map((u) => u.username) };
}
