import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  horizontalOverflow,
  launchBrowser,
  login,
  MOBILE,
  newContext,
  screenshot,
  watchErrors,
} from './support/browser.ts';
import { buildWebApp } from './support/build.ts';
import { DEMO_PASSWORD, SAMPLE_REPORT, startTestServer, type TestServer } from './support/server.ts';

const run = chromiumAvailable();

const EDU_TASK = '发展更高质量的教育';
const XSS_TITLE = '<img src=x onerror="window.__xss=1">加强规划引领<script>window.__xss=2</script>';
const XSS_PROGRESS = '<img src=x onerror="window.__xss=3">新建改扩建幼儿园62所，超额完成';
const XSS_INSTRUCTION = '请教育局巩固成果<script>window.__xss=4</script>';

type PlanJson = {
  id: string;
  version: number;
  tasks: {
    id: string;
    title: string;
    assignment: { version?: number; leadDepartmentId: string | null } | null;
    targets: { id: string; subject: string; quote: string; version?: number }[];
  }[];
};

async function csrf(ctx: BrowserContext): Promise<string> {
  return (await ctx.cookies()).find((c) => c.name === 'luoshi_csrf')?.value ?? '';
}

async function noXss(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
}

/**
 * The whole loop in a real browser against a real server: import the sample -> review and fix ->
 * assign (with a conflict) -> publish -> reporter submits -> coordinator returns -> reporter resubmits
 * -> coordinator accepts -> leader's dashboard and instruction -> the public page shows the new status.
 */
describe.skipIf(!run)('journeys: import to public page', () => {
  let server: TestServer;
  let browser: Browser;
  let webRoot: string;
  let coord: BrowserContext;
  let cp: Page;
  let planId = '';
  const errors: string[] = [];

  beforeAll(async () => {
    webRoot = await buildWebApp();
    server = await startTestServer({ webRoot, withSample: false });
    browser = await launchBrowser();
    coord = await newContext(browser);
    cp = await coord.newPage();
    errors.push(...[]);
    const e = watchErrors(cp);
    afterChecks.push(() => errors.push(...e));
  }, 120_000);

  const afterChecks: (() => void)[] = [];

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('1. login: a wrong password shows the API message; the coordinator gets the coordinator menu', async () => {
    await cp.goto(`${server.url}/login`);
    await cp.getByLabel('用户名').fill('coordinator');
    await cp.getByLabel('密码').fill('wrong-password');
    await cp.getByRole('button', { name: /登\s*录/ }).click();
    await cp.getByRole('alert').waitFor();
    await screenshot(cp, '05-login-error');
    await login(cp, server.url, 'coordinator', DEMO_PASSWORD);
    const menu = cp.locator('.app-sider');
    for (const item of ['计划管理', '导入报告', '审核队列', '任务督办', '领导驾驶舱']) {
      await menu.getByText(item).waitFor();
    }
    expect(await menu.getByText('我的任务').count()).toBe(0);
    expect(await menu.getByText('用户与角色').count()).toBe(0);
  }, 60_000);

  it('2. import: drag-and-drop upload parses the sample into a draft plan', async () => {
    await cp.getByText('导入报告').first().click();
    await cp.locator('input[type=file]').setInputFiles(SAMPLE_REPORT);
    await cp.getByText(/解析完成/).waitFor({ timeout: 30_000 });
    await screenshot(cp, '11b-import-done');
    await cp.getByTestId('open-review').click();
    await cp.waitForURL(/\/review$/);
    planId = /plans\/([^/]+)\/review/.exec(cp.url())?.[1] ?? '';
    expect(planId).not.toBe('');
  }, 60_000);

  it('3. review: targets highlighted in place; edit, delete and add a target; parser problems shown', async () => {
    await cp.locator('mark.target-mark').first().waitFor();
    const marksBefore = await cp.locator('mark.target-mark').count();
    expect(marksBefore).toBeGreaterThan(30);
    const plan = (await (await cp.request.get(`${server.url}/api/v1/plans/${planId}`)).json()) as PlanJson;
    const edu = plan.tasks.find((x) => x.title === EDU_TASK);
    const target = edu?.targets[0];
    expect(target).toBeDefined();
    if (!target) return;

    // Edit: rename the first target of the plan.
    const first = cp.getByTestId('outline-target').filter({ hasText: '新增贷款' }).first();
    await first.getByRole('button', { name: /修改指标/ }).click();
    const dialog = cp.getByRole('dialog');
    await dialog.getByLabel('指标名称').fill('全年新增贷款');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await cp.getByTestId('outline-target').filter({ hasText: '全年新增贷款' }).waitFor();

    // Delete a target, then add it back by selecting its words in the source text.
    await cp
      .getByTestId('outline-target')
      .filter({ hasText: target.subject })
      .first()
      .getByRole('button', { name: /删除/ })
      .click();
    await cp
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /删\s*除/ })
      .click();
    await expect.poll(() => cp.locator('mark.target-mark').count()).toBe(marksBefore - 1);
    const selected = await cp.evaluate((quote) => {
      const spans = document.querySelectorAll('[data-testid=source-text] span[data-start]');
      for (const span of spans) {
        const node = span.firstChild;
        const at = node?.textContent?.indexOf(quote) ?? -1;
        if (node && at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + quote.length);
          const sel = window.getSelection();
          sel?.removeAllRanges();
          sel?.addRange(range);
          span.scrollIntoView({ block: 'center' });
          return true;
        }
      }
      return false;
    }, target.quote);
    expect(selected).toBe(true);
    await cp.waitForTimeout(100);
    await cp.getByTestId('add-target').click();
    const add = cp.getByRole('dialog');
    expect(await add.getByLabel('原文').inputValue()).toBe(target.quote);
    await add.getByLabel('指标名称').fill(target.subject);
    await screenshot(cp, '12b-review-add-target');
    await add.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => cp.locator('mark.target-mark').count()).toBe(marksBefore);

    // XSS: a task title full of markup is shown as characters.
    await cp
      .getByTestId('outline-task')
      .filter({ hasText: '加强规划引领' })
      .first()
      .getByRole('button', { name: /修改标题/ })
      .click();
    await cp.getByRole('dialog').getByLabel('标题').fill(XSS_TITLE);
    await cp
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await cp.getByText(XSS_TITLE).first().waitFor();
    await noXss(cp);
    expect(await cp.locator('[data-testid=outline-task] img').count()).toBe(0);

    await cp.getByRole('tab', { name: /解析提示/ }).click();
    await cp.getByText('已移除无关文字').first().waitFor();
    await cp.getByText('发现重复内容').first().waitFor();
  }, 90_000);

  it('4. decompose: accept suggestions, a stale edit answers "changed by someone else", publish', async () => {
    await cp.goto(`${server.url}/app/plans/${planId}/assign`);
    await cp.getByTestId('assign-row-title').first().waitFor();
    await cp.getByTestId('accept-all').click();
    await cp.getByText(/已为 \d+ 项任务采纳建议/).waitFor({ timeout: 60_000 });
    await cp.getByText(/已分工 50 \/ 50/).waitFor();
    await cp.getByLabel('搜索').fill(EDU_TASK);
    const eduRow = cp.locator('tr').filter({ hasText: EDU_TASK });
    await eduRow.getByText('教育局').first().waitFor();

    // Someone else changes the assignment while this page holds the old version.
    let plan = (await (await cp.request.get(`${server.url}/api/v1/plans/${planId}`)).json()) as PlanJson;
    const edu = plan.tasks.find((x) => x.title === EDU_TASK);
    await eduRow.getByRole('combobox', { name: /完成时限/ }).fill('6月底前');
    const other = await cp.request.put(`${server.url}/api/v1/tasks/${edu?.id}/assignment`, {
      headers: { 'x-csrf-token': await csrf(coord) },
      data: {
        version: edu?.assignment?.version,
        leaderId: null,
        leadDepartmentId: edu?.assignment?.leadDepartmentId,
        cooperatingDepartmentIds: [],
        deadline: '年底前',
      },
    });
    expect(other.status()).toBe(200);
    await eduRow.getByRole('button', { name: /保\s*存/ }).click();
    await cp.locator('.ant-modal-confirm-title').waitFor();
    expect(await cp.locator('.ant-modal-confirm-title').textContent()).toContain('数据已被他人修改');
    await screenshot(cp, '14b-assign-conflict');
    await cp.locator('.ant-modal-confirm').getByRole('button').click();

    await cp.getByTestId('publish').click();
    await cp
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /发\s*布/ })
      .click();
    await cp.getByText('已发布').first().waitFor();
    plan = (await (await cp.request.get(`${server.url}/api/v1/plans/${planId}`)).json()) as PlanJson;
    expect((plan as unknown as { state: string }).state).toBe('published');
  }, 120_000);

  it('5. report: the reporter submits; the coordinator returns it with a reason; resubmit; accept', async () => {
    const rc = await newContext(browser);
    const rp = await rc.newPage();
    const re = watchErrors(rp);
    await login(rp, server.url, 'reporter', DEMO_PASSWORD);
    await rp.getByText(EDU_TASK).first().waitFor();
    await screenshot(rp, '30b-my-tasks-loop');
    await rp.locator('tr').filter({ hasText: EDU_TASK }).getByTestId('report-button').click();
    await rp.getByLabel('进展情况').waitFor();
    await rp.getByRole('spinbutton', { name: '新建改扩建幼儿园', exact: true }).fill('62');
    await rp.getByRole('spinbutton', { name: '新建改扩建中小学', exact: true }).fill('120');
    await rp.getByLabel('进展情况').fill(XSS_PROGRESS);
    await rp.getByLabel('存在问题').fill('部分项目用地手续滞后');
    await rp.getByLabel('下一步措施').fill('加快验收');
    await rp
      .locator('input[type=file]')
      .setInputFiles({ name: '验收清单.txt', mimeType: 'text/plain', buffer: Buffer.from('幼儿园验收清单') });
    await screenshot(rp, '31b-progress-filled');
    await rp.getByTestId('submit-report').click();
    await rp.waitForURL(/\/app\/my$/);
    await rp.locator('tr').filter({ hasText: EDU_TASK }).getByText('待审核').waitFor();

    // Coordinator returns it.
    await cp.goto(`${server.url}/app/review`);
    const row = cp.locator('tr').filter({ hasText: EDU_TASK });
    await row.getByTestId('return-report').click();
    await cp.getByTestId('return-reason-input').fill('请附幼儿园名单<b>并说明</b>');
    await cp
      .getByRole('dialog')
      .getByRole('button', { name: /退\s*回/ })
      .click();
    await cp.getByText('没有待审核的进展报告').waitFor();
    // An empty list speaks Chinese (antd's own empty text).
    await cp.getByRole('tab', { name: '已通过' }).click();
    await cp.locator('.ant-empty-description').getByText('暂无数据').first().waitFor();

    // Reporter sees the reason and resubmits.
    await rp.reload();
    await rp.getByText('请附幼儿园名单<b>并说明</b>').first().waitFor();
    await rp.locator('tr').filter({ hasText: EDU_TASK }).getByTestId('report-button').click();
    expect(await rp.getByTestId('return-reason').textContent()).toBe('请附幼儿园名单<b>并说明</b>');
    await screenshot(rp, '32-progress-returned');
    await rp.getByLabel('进展情况').fill(XSS_PROGRESS + '；名单见附件');
    await rp.getByTestId('submit-report').click();
    await rp.waitForURL(/\/app\/my$/);
    await noXss(rp);
    expect(re).toEqual([]);
    await rc.close();

    // Coordinator accepts.
    await cp.getByRole('tab', { name: '待审核' }).click();
    const again = cp.locator('tr').filter({ hasText: EDU_TASK });
    await again.locator('.ant-table-row-expand-icon').click();
    await cp.getByText('部分项目用地手续滞后').waitFor();
    await cp.getByText('验收清单.txt').waitFor();
    await screenshot(cp, '15b-review-queue-detail');
    await again.getByTestId('accept-report').click();
    await cp.getByText('没有待审核的进展报告').waitFor();
  }, 120_000);

  it('6. lead: the dashboard shows the new status; the leader writes an instruction (as text)', async () => {
    const lc = await newContext(browser);
    const lp = await lc.newPage();
    const le = watchErrors(lp);
    await login(lp, server.url, 'leader', DEMO_PASSWORD);
    await lp.locator('canvas').first().waitFor();
    await expect.poll(() => lp.getByTestId('status-counts').getAttribute('data-counts')).toContain('done:1');
    expect(await lp.getByTestId('status-counts').getAttribute('data-counts')).not.toContain('grey:50');
    await screenshot(lp, '21-dashboard-after-loop');
    await lp.goto(`${server.url}/app/tasks`);
    await lp.getByPlaceholder('搜索重点工作、指标或单位').fill(EDU_TASK);
    await lp.getByRole('link', { name: EDU_TASK }).click();
    await lp.getByTestId('comment-input').fill(XSS_INSTRUCTION);
    await lp.getByTestId('comment-submit').click();
    await lp.getByTestId('instruction').waitFor();
    expect(await lp.getByTestId('instruction').getByTestId('comment-body').textContent()).toBe(
      XSS_INSTRUCTION,
    );
    await lp
      .getByText(/报送了 2017年12月 进展/)
      .first()
      .waitFor();
    await screenshot(lp, '22-task-timeline');
    await noXss(lp);
    expect(le).toEqual([]);
    await lc.close();
  }, 90_000);

  it('7. public: the published plan shows the accepted status and figure, on a phone too; nothing runs', async () => {
    const pc = await newContext(browser, MOBILE);
    const pp = await pc.newPage();
    const pe = watchErrors(pp);
    await pp.goto(`${server.url}/public`);
    await pp.getByText('2017年许昌市政府工作报告').first().click();
    await pp.getByTestId('public-task').first().waitFor();
    await pp.getByLabel('搜索').fill('教育');
    const card = pp.getByTestId('public-task').filter({ hasText: EDU_TASK });
    await card.first().waitFor();
    expect(await card.locator('[data-status]').first().getAttribute('data-status')).toBe('done');
    await card.getByText(XSS_PROGRESS + '；名单见附件').waitFor();
    await card.getByText(/62 所/).waitFor();
    await screenshot(pp, '04-public-plan-after-loop');
    expect(await horizontalOverflow(pp)).toBe(0);
    await card.getByRole('link', { name: '新建改扩建幼儿园' }).click();
    await pp.getByText('指标详情').waitFor();
    await pp.getByText(/62 所/).first().waitFor();
    expect(await horizontalOverflow(pp)).toBe(0);
    // The XSS title is text on the public page too.
    await pp.goto(`${server.url}/public/plans/${planId}?q=${encodeURIComponent('加强规划引领')}`);
    await pp.getByText(XSS_TITLE).first().waitFor();
    await noXss(pp);
    expect(await pp.locator('[data-testid=public-task] img').count()).toBe(0);

    // English is one click away and remembered; Chinese comes back the same way.
    await pp.getByTestId('language-switch').click();
    await pp.getByTitle('English').click();
    await pp.getByText('Open government').first().waitFor();
    await pp.reload();
    await pp.getByText('Open government').first().waitFor();
    await pp.getByTestId('language-switch').click();
    await pp.getByTitle('简体中文').click();
    await pp.getByText('政务公开').first().waitFor();
    expect(pe).toEqual([]);
    await pc.close();
  }, 90_000);

  it('8. zh-CN shows no English: antd words are Chinese and page text has no Latin words', async () => {
    await cp.goto(`${server.url}/app/plans`);
    await cp.getByText('2017年许昌市政府工作报告').first().waitFor();
    await cp.getByText('10 条/页').waitFor();
    await cp.getByText('共 1 条').waitFor();
    for (const path of ['/app/plans', '/app/tasks', '/app/review', '/app/dashboard']) {
      await cp.goto(`${server.url}${path}`);
      await cp.locator('.page-header').waitFor();
      await cp.waitForTimeout(300);
      const text = await cp.locator('#main').innerText();
      // Words typed by users (the XSS probes above) are data, not UI.
      const userWords = new Set([XSS_TITLE, XSS_PROGRESS, XSS_INSTRUCTION].join(' ').match(/[A-Za-z]{3,}/g));
      const latin = (text.match(/[A-Za-z]{3,}/g) ?? []).filter(
        (w) => !['txt', 'utf'].includes(w.toLowerCase()) && !userWords.has(w),
      );
      expect(latin, path).toEqual([]);
    }
    await noXss(cp);
  }, 60_000);

  it('9. administer: create a department and a user', async () => {
    const ac = await newContext(browser);
    const ap = await ac.newPage();
    const ae = watchErrors(ap);
    await login(ap, server.url, 'admin', DEMO_PASSWORD);
    await ap.goto(`${server.url}/app/admin/departments`);
    await ap.getByRole('button', { name: /新建单位/ }).click();
    await ap.getByRole('dialog').getByLabel('名称').fill('数据局');
    await ap
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await ap.getByRole('cell', { name: '数据局' }).waitFor();
    await ap.getByRole('tab', { name: '用户与角色' }).click();
    await ap.getByRole('button', { name: /新建用户/ }).click();
    const d = ap.getByRole('dialog');
    await d.getByLabel('用户名').fill('reporter3');
    await d.getByLabel('姓名').fill('数据局报送员');
    await d.getByRole('combobox', { name: '单位' }).fill('数据局');
    await ap.keyboard.press('Enter');
    await d.getByLabel('密码').fill('luoshi-demo-3');
    await d.getByRole('button', { name: /保\s*存/ }).click();
    await ap.getByRole('cell', { name: 'reporter3' }).waitFor();
    await screenshot(ap, '44-admin-user-created');
    expect(ae).toEqual([]);
    await ac.close();
  }, 60_000);

  it('no page errors, dialogs or console errors on the coordinator page', () => {
    for (const f of afterChecks) f();
    expect(errors).toEqual([]);
  });
});
