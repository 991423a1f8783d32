import path from 'node:path';
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
import { DEMO_PASSWORD, ROOT, startTestServer, type TestServer } from './support/server.ts';

const run = chromiumAvailable();
const REPORT = path.join(ROOT, 'test/fixtures/decompose/report-2018.txt');

type PlanJson = {
  id: string;
  state: string;
  tasks: {
    id: string;
    title: string;
    targets: { quote: string }[];
    assignment: {
      leadDepartment: string | null;
      leader: string | null;
      deadline: string | null;
      version?: number;
    } | null;
  }[];
};

/**
 * Journeys 1 and 2 on a small report: import, merge two tasks and split one in the review screen, keep an
 * unsaved target edit across a reload; in the 分工表 bulk-assign three rows (one fails and is retried),
 * reload mid-edit and get the edits back, accept suggestions (per row and for the selected rows), publish.
 */
describe.skipIf(!run)('decompose: merge, split, bulk assign, restore, suggest, publish', () => {
  let server: TestServer;
  let browser: Browser;
  let webRoot: string;
  let ctx: BrowserContext;
  let page: Page;
  let errors: string[] = [];
  let planId = '';

  beforeAll(async () => {
    webRoot = await buildWebApp();
    server = await startTestServer({ webRoot, withSample: false });
    browser = await launchBrowser();
    ctx = await newContext(browser);
    page = await ctx.newPage();
    errors = watchErrors(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const plan = async (): Promise<PlanJson> =>
    (await (await page.request.get(`${server.url}/api/v1/plans/${planId}`)).json()) as PlanJson;
  const csrf = async (): Promise<string> =>
    (await ctx.cookies()).find((c) => c.name === 'luoshi_csrf')?.value ?? '';
  const outlineTask = (title: string) => page.getByTestId('outline-task').filter({ hasText: title }).first();
  const row = (title: string) => page.locator('tr.ant-table-row').filter({ hasText: title });

  it('imports the report into a draft plan', async () => {
    await login(page, server.url, 'coordinator', DEMO_PASSWORD);
    await page.getByText('导入报告').first().click();
    await page.locator('input[type=file]').setInputFiles(REPORT);
    await page.getByText(/解析完成/).waitFor({ timeout: 30_000 });
    await page.getByTestId('open-review').click();
    await page.waitForURL(/\/review$/);
    planId = /plans\/([^/]+)\/review/.exec(page.url())?.[1] ?? '';
    expect((await plan()).tasks.map((t) => t.title)).toEqual([
      '完善综合交通',
      '提升城市品质',
      '推进生态建设',
      '发展更高质量的教育',
      '提升医疗服务',
      '强化金融支撑',
    ]);
  }, 60_000);

  it('merges two adjacent tasks and splits one in the review screen', async () => {
    await page.getByText('勾选相邻的任务可合并').waitFor();
    await page.getByRole('checkbox', { name: '选择合并 完善综合交通' }).check();
    await page.getByRole('checkbox', { name: '选择合并 提升城市品质' }).check();
    await page.getByTestId('merge-bar').getByText('已选择 2 项').waitFor();
    await page.getByTestId('merge-open').click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('合并后的标题').inputValue()).toBe('完善综合交通；提升城市品质');
    await screenshot(page, '41-review-merge');
    await page.getByTestId('merge-confirm').click();
    await page.getByText('已合并 2 项任务').waitFor();
    await outlineTask('完善综合交通；提升城市品质').waitFor();
    // The merged task holds the targets of both.
    expect(await outlineTask('完善综合交通；提升城市品质').getByTestId('outline-target').count()).toBe(3);

    await outlineTask('推进生态建设').getByRole('button', { name: '拆分任务 推进生态建设' }).click();
    const split = page.getByRole('dialog');
    await split.getByTestId('split-text').waitFor();
    expect(await split.getByTestId('split-point').count()).toBe(2);
    await split.getByRole('button', { name: '在第 1 句后拆分' }).click();
    expect(await split.getByLabel('新任务的标题').inputValue()).toBe('治理大气污染');
    await split.getByText('拆分后：原任务 0 项指标，新任务 2 项指标').waitFor();
    await screenshot(page, '42-review-split');
    await page.getByTestId('split-confirm').click();
    await page.getByText('已拆分为两项任务').waitFor();
    await outlineTask('治理大气污染').waitFor();
    const after = await plan();
    expect(after.tasks.map((t) => t.title)).toEqual([
      '完善综合交通；提升城市品质',
      '推进生态建设',
      '治理大气污染',
      '发展更高质量的教育',
      '提升医疗服务',
      '强化金融支撑',
    ]);
    expect(after.tasks[2]?.targets.map((x) => x.quote)).toEqual([
      '空气优良天数210天以上',
      '新增造林面积5万亩',
    ]);
  }, 90_000);

  it('keeps an unsaved target edit across a reload, then saves it', async () => {
    const target = page.getByTestId('outline-target').filter({ hasText: '新增床位' }).first();
    await target.getByRole('button', { name: /修改指标/ }).click();
    await page.getByRole('dialog').getByLabel('指标名称').fill('新增医疗床位');
    await page.reload();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('restored-form').getByText('已恢复未保存的修改 1 处').waitFor();
    expect(await dialog.getByLabel('指标名称').inputValue()).toBe('新增医疗床位');
    await screenshot(page, '43-review-restored-form');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('outline-target').filter({ hasText: '新增医疗床位' }).waitFor();
    await page.reload();
    await page.getByTestId('outline-task').first().waitFor();
    expect(await page.getByTestId('restored-form').count()).toBe(0);
  }, 60_000);

  it('bulk-assigns three rows; a row that fails is listed in Chinese and succeeds on retry', async () => {
    await page.getByRole('button', { name: /编制分工表/ }).click();
    await page.waitForURL(/\/assign$/);
    await page.getByTestId('assign-row-title').first().waitFor();
    const three = ['完善综合交通；提升城市品质', '推进生态建设', '治理大气污染'];
    for (const title of three) await row(title).locator('input[type=checkbox]').check();
    await page.getByTestId('selection-bar').getByText('已选择 3 项').waitFor();
    // Meanwhile someone else assigns the second row: this page's request is now stale for it.
    const eco = (await plan()).tasks.find((t) => t.title === '推进生态建设');
    const depts = (await (await page.request.get(`${server.url}/api/v1/departments`)).json()) as {
      items: { id: string; name: string }[];
    };
    const other = await page.request.put(`${server.url}/api/v1/tasks/${eco?.id}/assignment`, {
      headers: { 'x-csrf-token': await csrf() },
      data: {
        version: null,
        leaderId: null,
        leadDepartmentId: depts.items.find((d) => d.name === '生态环境局')?.id,
        cooperatingDepartmentIds: [],
        deadline: '年底前',
      },
    });
    expect(other.status()).toBe(200);

    const fill = async () => {
      await page.getByTestId('bulk-assign').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('牵头单位').click();
      await dialog.getByLabel('牵头单位').fill('住建局');
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: /^住建局$/ })
        .click();
      await dialog.getByLabel('完成时限').fill('6月底前');
      await screenshot(page, '44-assign-bulk');
      // Close the deadline suggestions, which cover the dialog's buttons.
      await dialog.getByText('批量分工（').click();
      await page.getByTestId('bulk-apply').click();
    };
    await fill();
    const failures = page.getByTestId('bulk-failures');
    await failures.getByText('成功 2 项，失败 1 项').waitFor();
    await failures.getByText(/第 2 行「推进生态建设」：该任务已有分工/).waitFor();
    await screenshot(page, '45-assign-bulk-failure');
    // The failed row stays selected; after the reload its version is current and the retry succeeds.
    await page.getByTestId('selection-bar').getByText('已选择 1 项').waitFor();
    await row('推进生态建设').getByText('生态环境局').waitFor();
    await fill();
    await page.getByText('已保存 1 项任务的分工').waitFor();
    const saved = await plan();
    for (const title of three) {
      expect(saved.tasks.find((t) => t.title === title)?.assignment).toMatchObject({
        leadDepartment: '住建局',
        leader: '刘志强',
        deadline: '6月底前',
      });
    }
  }, 90_000);

  it('restores unsaved 分工表 edits after a reload; saving clears them', async () => {
    await row('发展更高质量的教育')
      .getByRole('combobox', { name: /完成时限/ })
      .fill('9月底前');
    await row('提升医疗服务')
      .getByRole('combobox', { name: /完成时限/ })
      .fill('持续推进');
    await page.getByTestId('save-all').getByText('（2）').waitFor();
    await page.reload();
    const notice = page.getByTestId('restored-edits');
    await notice.getByText('已恢复未保存的修改 2 处').waitFor();
    expect(
      await row('发展更高质量的教育')
        .getByRole('combobox', { name: /完成时限/ })
        .inputValue(),
    ).toBe('9月底前');
    expect(
      await row('提升医疗服务')
        .getByRole('combobox', { name: /完成时限/ })
        .inputValue(),
    ).toBe('持续推进');
    await screenshot(page, '46-assign-restored');
    await notice.getByRole('button', { name: /全部保存/ }).click();
    await expect.poll(async () => (await plan()).tasks.filter((t) => t.assignment?.deadline).length).toBe(5);
    await expect.poll(() => page.getByTestId('save-all').count()).toBe(0);
    await page.reload();
    await page.getByTestId('assign-row-title').first().waitFor();
    expect(await page.getByTestId('restored-edits').count()).toBe(0);
  }, 90_000);

  it('filters the grid by lead department and by unassigned', async () => {
    const lead = page.getByRole('combobox', { name: '按牵头单位筛选' });
    await lead.click();
    await lead.fill('住建局');
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^住建局$/ })
      .click();
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(3);
    await page.getByTestId('filter-lead').locator('.ant-select-clear').click();
    await page.getByTestId('filter-state').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '仅看未分工' }).click();
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(1);
    await row('强化金融支撑').waitFor();
    await page.getByTestId('filter-state').locator('.ant-select-clear').click();
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(6);
  }, 60_000);

  it('accepts suggestions per row and for the selected rows, then publishes', async () => {
    // Per row: the finance task is suggested to 金融工作局, with the reason in the tooltip.
    const fin = row('强化金融支撑');
    const accept = fin.getByTestId('accept-suggestion');
    expect(await accept.textContent()).toContain('金融工作局');
    expect(await accept.getAttribute('aria-label')).toContain('依据：金融、贷款、上市');
    await accept.click();
    await fin.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('分工已保存').waitFor();
    // For the selected rows: education and health (saved above with deadlines only).
    for (const title of ['发展更高质量的教育', '提升医疗服务']) {
      await row(title).locator('input[type=checkbox]').check();
    }
    await page.getByTestId('accept-selected').click();
    await page.getByText('已为 2 项任务采纳建议').waitFor();
    await page.getByText('已分工 6 / 6').waitFor();
    const p = await plan();
    const of = (title: string) => p.tasks.find((t) => t.title === title)?.assignment;
    expect(of('强化金融支撑')).toMatchObject({ leadDepartment: '金融工作局', leader: '李明华' });
    expect(of('发展更高质量的教育')).toMatchObject({
      leadDepartment: '教育局',
      leader: '陈晓燕',
      deadline: '9月底前',
    });
    expect(of('提升医疗服务')).toMatchObject({ leadDepartment: '卫生健康委', deadline: '持续推进' });
    await screenshot(page, '47-assign-done');

    await page.getByTestId('publish').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /发\s*布/ })
      .click();
    await page.getByText('已发布').first().waitFor();
    expect((await plan()).state).toBe('published');
    // Published: the review screen offers no merge or split any more.
    await page.goto(`${server.url}/app/plans/${planId}/review`);
    await page.getByTestId('outline-task').first().waitFor();
    expect(await page.getByTestId('merge-check').count()).toBe(0);
    expect(await page.getByTestId('split-task').count()).toBe(0);
  }, 90_000);

  it('fits a phone screen and logged no errors', async () => {
    const mobile = await newContext(browser, MOBILE);
    const mp = await mobile.newPage();
    const mobileErrors = watchErrors(mp);
    await login(mp, server.url, 'coordinator', DEMO_PASSWORD);
    await mp.goto(`${server.url}/app/plans/${planId}/assign`);
    await mp.getByTestId('assign-row-title').first().waitFor();
    expect(await horizontalOverflow(mp)).toBeLessThanOrEqual(0);
    await screenshot(mp, '48-assign');
    await mobile.close();
    expect([...errors, ...mobileErrors]).toEqual([]);
  }, 60_000);
});
