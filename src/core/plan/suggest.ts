/**
 * Suggest a task's decomposition (lead department, cooperating departments, responsible leader,
 * deadline) from its words and the tenant's own directory. Pure: the caller passes the departments and
 * leaders as they are named in the directory, so a renamed or merged bureau (教育体育局, 文广旅局, a new
 * 大数据管理局) is still found: each department is matched to the domains its name covers, and the words of
 * its own name count as keywords too.
 */

/** A field of government work: the words that call for it and the department names that carry it. */
export type Domain = {
  /** The usual department name (the one the demo directory uses). */
  canonical: string;
  /** Words of a task that call for this field. */
  keywords: RegExp;
  /** Department names that carry this field (tested against the directory's names). */
  names: RegExp;
};

/**
 * Ordered as the demo seed has always weighed them (the seed reads `keywords` and `canonical`).
 * `names` recognises the department in a directory however it is called.
 */
export const DOMAINS: readonly Domain[] = [
  { canonical: '教育局', keywords: /教育|学校|幼儿园|高校|职教|学前/, names: /教育|教体/ },
  {
    canonical: '金融工作局',
    keywords: /贷款|上市|融资|金融|保险|债券|基金/,
    names: /金融|地方金融/,
  },
  { canonical: '财政局', keywords: /税|预算|财政|债务/, names: /财政|税务/ },
  {
    canonical: '交通运输局',
    keywords: /交通|公路|铁路|高速|快轨|机场|公交|物流/,
    names: /交通/,
  },
  { canonical: '扶贫办', keywords: /脱贫|扶贫|贫困/, names: /扶贫|乡村振兴/ },
  {
    canonical: '科技局',
    keywords: /科技|创新|专利|研发|高新技术|双创/,
    names: /科技|科学技术/,
  },
  {
    canonical: '工业和信息化局',
    keywords: /工业|制造|智能|企业|产业集群|大数据/,
    names: /工业|工信|经信|经济和信息化/,
  },
  {
    canonical: '商务局',
    keywords: /消费|外贸|出口|商贸|电商|开放|招商|口岸/,
    names: /商务|商业|贸易/,
  },
  { canonical: '农业农村局', keywords: /农业|粮食|农民|乡村|农村|畜牧/, names: /农业|农村|农牧/ },
  { canonical: '水利局', keywords: /水利|河道|水系|供水|灌区/, names: /水利|水务/ },
  { canonical: '林业局', keywords: /林业|花木|绿化|造林|森林/, names: /林业|园林|绿化/ },
  {
    canonical: '生态环境局',
    keywords: /生态|环境|大气|污染|空气|减排|蓝天|碧水/,
    names: /生态环境|环境保护|环保/,
  },
  {
    canonical: '住建局',
    keywords: /住房|棚户|城建|建筑|房地产|海绵城市|管廊/,
    names: /住建|住房|城乡建设|建设局|建委/,
  },
  {
    canonical: '城管局',
    keywords: /城市管理|市容|城管|精细化管理/,
    names: /城管|城市管理|综合执法/,
  },
  {
    canonical: '人社局',
    keywords: /就业|社保|社会保险|人才|工资/,
    names: /人社|人力资源|社会保障/,
  },
  { canonical: '卫生健康委', keywords: /医疗|卫生|健康|医院|计生/, names: /卫生|卫健|卫计|健康/ },
  { canonical: '文化广电和旅游局', keywords: /文化|旅游|文物/, names: /文化|旅游|文广|文旅/ },
  // Sports is split from culture so that a merged 教育体育局 / 文体局 is found by its sports words only.
  { canonical: '文化广电和旅游局', keywords: /体育/, names: /体育|教体|文体/ },
  {
    canonical: '应急管理局',
    keywords: /安全生产|应急|防汛|消防/,
    names: /应急|安全生产|安监/,
  },
  {
    canonical: '市场监管局',
    keywords: /食品|药品|市场监管|质量监管|标准化|知识产权/,
    names: /市场监|市场监督|工商|质监|食药/,
  },
  {
    canonical: '公安局',
    keywords: /治安|公安|平安|禁毒|和谐稳定|社会稳定|信访/,
    names: /公安|信访/,
  },
  {
    canonical: '退役军人事务局',
    keywords: /国防|双拥|退役军人|兵役|军民融合/,
    names: /退役军人|双拥|人武/,
  },
  { canonical: '审计局', keywords: /清廉|廉政|反腐|审计/, names: /审计|监察/ },
  { canonical: '住建局', keywords: /城镇化|百城建设/, names: /住建|住房|城乡建设|建设局|建委/ },
  { canonical: '司法局', keywords: /法治|司法|普法/, names: /司法|法制/ },
  { canonical: '民政局', keywords: /养老|救助|低保|社会福利|民政/, names: /民政/ },
  {
    canonical: '自然资源和规划局',
    keywords: /土地|国土|不动产|规划/,
    names: /自然资源|国土|规划/,
  },
  { canonical: '国资委', keywords: /国企|国有企业|国资/, names: /国资|国有资产/ },
  { canonical: '统计局', keywords: /统计/, names: /统计/ },
  {
    canonical: '政务服务和大数据管理局',
    keywords: /政务服务|放管服|审批/,
    names: /政务服务|行政审批|大数据/,
  },
  {
    canonical: '发展改革委',
    keywords: /投资|项目|改革|融合|经济/,
    names: /发展改革|发展和改革|发改/,
  },
];

/** The field that coordinates by default when a task's words name none. */
const DEFAULT_DOMAIN = '发展改革委';

export type SuggestDepartment = { id: string; name: string };
export type SuggestLeader = {
  id: string;
  name: string;
  title: string;
  /** 分管工作, as written. */
  portfolio: string;
  departmentIds: string[];
};
export type SuggestTask = {
  id: string;
  title: string;
  text: string;
  /** The latest due year of the task's targets, if any. */
  dueYear?: number | null;
};

export type DepartmentMatch = {
  departmentId: string;
  name: string;
  score: number;
  /** The words of the task that point at this department, in order of first mention. */
  words: string[];
};

export type LeaderMatch = {
  leaderId: string;
  name: string;
  title: string;
  /** 'department': oversees the lead department; 'portfolio': the 分管工作 names the task's words. */
  via: 'department' | 'portfolio';
  words: string[];
};

export type DeadlineMatch = {
  text: string;
  /** 'continuous': the task says 持续/长效/常态; 'due-year': a target is due after the plan year. */
  via: 'continuous' | 'due-year' | 'default';
};

export type TaskSuggestion = {
  taskId: string;
  lead: DepartmentMatch | null;
  cooperating: DepartmentMatch[];
  leader: LeaderMatch | null;
  deadline: DeadlineMatch;
  /** True when no word matched and the default coordinating department was chosen. */
  fallback: boolean;
};

const SUFFIX = /(?:管理委员会|管委会|委员会|管理局|事务局|服务中心|中心|办公室|局|委|办|厅|部|署|院)$/;
const REGION_PREFIX = /^(?:[\u4e00-\u9fa5]{1,6}[省市县区])(?=[\u4e00-\u9fa5]{3,})/;

/**
 * The words of a department's own name that a task may use: "政务服务和大数据管理局" ->
 * ["政务服务", "大数据"]; "许昌市教育局" -> ["教育"]. Words shorter than two characters are dropped.
 */
export function nameWords(name: string): string[] {
  const core = name.trim().replace(REGION_PREFIX, '').replace(SUFFIX, '');
  return [
    ...new Set(
      core
        .split(/和|与|及|、|暨|\s+/)
        .map((w) => w.replace(/(?:管理|事务|工作)$/, ''))
        .filter((w) => w.length >= 2),
    ),
  ];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Matcher = { department: SuggestDepartment; patterns: RegExp[] };

function matchersOf(departments: SuggestDepartment[]): Matcher[] {
  return departments.map((department) => {
    const domains = DOMAINS.filter((d) => d.names.test(department.name) || d.canonical === department.name);
    // The name's own words count too, unless a field's keywords already read them (no double count).
    const own = nameWords(department.name)
      .filter((w) => !domains.some((d) => d.keywords.test(w)))
      .map((w) => new RegExp(escape(w), 'g'));
    return {
      department,
      patterns: [...domains.map((d) => new RegExp(d.keywords.source, 'g')), ...own],
    };
  });
}

/** How much of a task's text is read: the title sentence and the opening, where the subject is named. */
const TEXT_WINDOW = 600;

function scoreMatcher(m: Matcher, title: string, body: string): DepartmentMatch | null {
  let score = 0;
  let first = Number.MAX_SAFE_INTEGER;
  const words = new Map<string, number>();
  for (const re of m.patterns) {
    for (const hit of title.matchAll(re)) {
      score += 10;
      words.set(hit[0], Math.min(words.get(hit[0]) ?? Infinity, -1000 + hit.index));
      first = -1;
    }
    for (const hit of body.matchAll(re)) {
      score += 1;
      words.set(hit[0], Math.min(words.get(hit[0]) ?? Infinity, hit.index));
      first = Math.min(first, hit.index);
    }
  }
  if (score === 0) return null;
  return {
    departmentId: m.department.id,
    name: m.department.name,
    score: score * 100_000 - Math.max(first, -1),
    words: [...words.entries()].sort((a, b) => a[1] - b[1]).map(([w]) => w),
  };
}

/**
 * Departments ranked by the task's words: each keyword hit in the title counts 10, each in the text's
 * opening 1; ties go to the earlier mention. `score` orders the list and means nothing on its own.
 * @example rankDepartments('发展更高质量的教育', '新建改扩建幼儿园50所以上', [{ id: 'd1', name: '教育局' }])
 *   -> [{ departmentId: 'd1', name: '教育局', words: ['教育', '幼儿园'], … }]
 */
export function rankDepartments(
  title: string,
  text: string,
  departments: SuggestDepartment[],
): DepartmentMatch[] {
  return rankWith(matchersOf(departments), title, text);
}

function rankWith(matchers: Matcher[], title: string, text: string): DepartmentMatch[] {
  const body = text.slice(0, TEXT_WINDOW);
  return matchers
    .map((m) => scoreMatcher(m, title, body))
    .filter((x): x is DepartmentMatch => x !== null)
    .sort((a, b) => b.score - a.score);
}

function leaderFor(
  lead: DepartmentMatch | null,
  task: SuggestTask,
  leaders: SuggestLeader[],
): LeaderMatch | null {
  if (lead) {
    const overseer = leaders.find((l) => l.departmentIds.includes(lead.departmentId));
    if (overseer) {
      return {
        leaderId: overseer.id,
        name: overseer.name,
        title: overseer.title,
        via: 'department',
        words: [lead.name],
      };
    }
  }
  // No leader oversees the department: the one whose 分管工作 shares the most of the task's words.
  const body = `${task.title}\n${task.text.slice(0, TEXT_WINDOW)}`;
  let best: LeaderMatch | null = null;
  let bestCount = 0;
  for (const l of leaders) {
    const words = [
      ...new Set(
        l.portfolio
          .replace(/^分管/, '')
          .split(/[、，,；;和及与\s]+|分管|协助|负责/)
          .map((w) => w.trim())
          .filter((w) => w.length >= 2 && body.includes(w)),
      ),
    ];
    if (words.length > bestCount) {
      bestCount = words.length;
      best = { leaderId: l.id, name: l.name, title: l.title, via: 'portfolio', words };
    }
  }
  return best;
}

function deadlineFor(task: SuggestTask, planYear: number | null): DeadlineMatch {
  if (/持续|长效|常态/.test(task.text.slice(0, 200))) return { text: '持续推进', via: 'continuous' };
  if (planYear !== null && task.dueYear !== undefined && task.dueYear !== null && task.dueYear > planYear)
    return { text: `${task.dueYear}年底前`, via: 'due-year' };
  return { text: '年底前', via: 'default' };
}

/**
 * One suggestion per task: the best-matching department leads, the next two cooperate, the leader who
 * oversees the lead department (or whose portfolio names the task's words) is responsible. When no word
 * matches, the development and reform department (whatever the directory calls it) leads by default.
 * @example suggestAssignments([{ id: 't1', title: '发展教育', text: '新建幼儿园50所' }], { departments, leaders, planYear: 2017 })
 *   -> [{ taskId: 't1', lead: { name: '教育局', words: ['教育', '幼儿园'] }, cooperating: [], leader: { name: '陈晓燕', via: 'department' }, deadline: { text: '年底前' }, fallback: false }]
 */
export function suggestAssignments(
  tasks: SuggestTask[],
  directory: { departments: SuggestDepartment[]; leaders: SuggestLeader[]; planYear: number | null },
): TaskSuggestion[] {
  const matchers = matchersOf(directory.departments);
  const defaultNames = DOMAINS.find((x) => x.canonical === DEFAULT_DOMAIN)?.names;
  const fallbackDept =
    directory.departments.find((d) => d.name === DEFAULT_DOMAIN) ??
    directory.departments.find((d) => defaultNames?.test(d.name));
  return tasks.map((task) => {
    const ranked = rankWith(matchers, task.title, task.text);
    let lead = ranked[0] ?? null;
    let fallback = false;
    if (!lead && fallbackDept) {
      lead = { departmentId: fallbackDept.id, name: fallbackDept.name, score: 0, words: [] };
      fallback = true;
    }
    return {
      taskId: task.id,
      lead,
      cooperating: ranked.slice(1, 3),
      leader: leaderFor(lead, task, directory.leaders),
      deadline: deadlineFor(task, directory.planYear),
      fallback,
    };
  });
}
