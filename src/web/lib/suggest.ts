/**
 * Suggest a task's lead and cooperating departments from its words, for one-click acceptance in the
 * responsibility table. Mirrors the server's seeding heuristic (the API has no suggestion route yet).
 */
const KEYWORDS: [RegExp, string][] = [
  [/教育|学校|幼儿园|高校|职教|学前/g, '教育局'],
  [/贷款|上市|融资|金融|保险|债券|基金/g, '金融工作局'],
  [/税|预算|财政|债务/g, '财政局'],
  [/交通|公路|铁路|高速|快轨|机场|公交|物流/g, '交通运输局'],
  [/脱贫|扶贫|贫困/g, '扶贫办'],
  [/科技|创新|专利|研发|高新技术|双创/g, '科技局'],
  [/工业|制造|智能|企业|产业集群|大数据/g, '工业和信息化局'],
  [/消费|外贸|出口|商贸|电商|开放|招商|口岸/g, '商务局'],
  [/农业|粮食|农民|乡村|农村|畜牧/g, '农业农村局'],
  [/水利|河道|水系|供水|灌区/g, '水利局'],
  [/林业|花木|绿化|造林|森林/g, '林业局'],
  [/生态|环境|大气|污染|空气|减排|蓝天|碧水/g, '生态环境局'],
  [/住房|棚户|城建|建筑|房地产|海绵城市|管廊/g, '住建局'],
  [/城市管理|市容|城管|精细化管理/g, '城管局'],
  [/就业|社保|社会保险|人才|工资/g, '人社局'],
  [/医疗|卫生|健康|医院|计生/g, '卫生健康委'],
  [/文化|旅游|体育|文物/g, '文化广电和旅游局'],
  [/安全生产|应急|防汛|消防/g, '应急管理局'],
  [/食品|药品|市场监管|质量监管|标准化|知识产权/g, '市场监管局'],
  [/治安|公安|平安|禁毒|和谐稳定|社会稳定|信访/g, '公安局'],
  [/国防|双拥|退役军人|兵役|军民融合/g, '退役军人事务局'],
  [/清廉|廉政|反腐|审计/g, '审计局'],
  [/城镇化|百城建设/g, '住建局'],
  [/法治|司法|普法/g, '司法局'],
  [/养老|救助|低保|社会福利|民政/g, '民政局'],
  [/土地|国土|不动产|规划/g, '自然资源和规划局'],
  [/国企|国有企业|国资/g, '国资委'],
  [/统计/g, '统计局'],
  [/政务服务|放管服|审批/g, '政务服务和大数据管理局'],
  [/投资|项目|改革|融合|经济/g, '发展改革委'],
];

/**
 * Department names ranked by keyword hits (title hits count 10, text hits 1).
 * @example suggestDepartmentNames('发展更高质量的教育', '新建改扩建幼儿园50所以上') -> ['教育局']
 */
export function suggestDepartmentNames(title: string, text: string): string[] {
  const body = text.slice(0, 600);
  const scored = new Map<string, { score: number; first: number }>();
  for (const [re, dept] of KEYWORDS) {
    const inTitle = title.match(re)?.length ?? 0;
    const inText = body.match(re)?.length ?? 0;
    if (inTitle + inText === 0) continue;
    const first = inTitle > 0 ? -1 : body.search(re);
    const prev = scored.get(dept) ?? { score: 0, first: Number.MAX_SAFE_INTEGER };
    scored.set(dept, { score: prev.score + inTitle * 10 + inText, first: Math.min(prev.first, first) });
  }
  return [...scored.entries()]
    .sort((a, b) => b[1].score - a[1].score || a[1].first - b[1].first)
    .map(([d]) => d);
}
