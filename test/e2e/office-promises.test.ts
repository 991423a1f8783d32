import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XUCHANG_2018 } from '../promises/fixtures.ts';
import {
  chromiumAvailable,
  launchBrowser,
  login,
  newContext,
  screenshot,
  watchErrors,
} from './support/browser.ts';
import { buildWebApp } from './support/build.ts';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './support/server.ts';

const run = chromiumAvailable();

async function csrf(ctx: BrowserContext): Promise<string> {
  return (await ctx.cookies()).find((c) => c.name === 'luoshi_csrf')?.value ?? '';
}

/**
 * Office files and promise scorecards in a real browser: export the 分工表 and re-import it (no change),
 * upload a filled template for a department, generate a bulletin, read the data dictionary, run and
 * confirm a promise scorecard and find it on the public site and the dashboard.
 */
describe.skipIf(!run)('office files and promises in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let webRoot: string;
  let coord: BrowserContext;
  let page: Page;
  let planId = '';
  let errors: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-office-e2e-'));

  beforeAll(async () => {
    webRoot = await buildWebApp();
    server = await startTestServer({ webRoot, withSample: true });
    browser = await launchBrowser();
    coord = await newContext(browser);
    page = await coord.newPage();
    errors = watchErrors(page);
    await login(page, server.url, 'coordinator', DEMO_PASSWORD);
    const plans = (await (await coord.request.get(`${server.url}/api/v1/plans`)).json()) as {
      items: { id: string; year: number }[];
    };
    planId = plans.items.find((p) => p.year === 2017)?.id ?? '';
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  it('exports the 分工表 under its Chinese name and re-imports it: the preview says nothing changes', async () => {
    await page.goto(`${server.url}/app/plans/${planId}/assign`);
    const toolbar = page.getByTestId('office-toolbar');
    await toolbar.getByRole('button', { name: '导出分工表' }).waitFor();
    await screenshot(page, 'office-toolbar');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      toolbar.getByRole('button', { name: '导出分工表' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^许昌市.*分工表.*\.xlsx$/u);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets[0]?.getRow(1).getCell(1).text).toContain('分工');

    await toolbar.getByRole('button', { name: '导入分工表' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '导入分工表' });
    await modal.locator('input[type=file]').setInputFiles(file);
    await modal.getByTestId('fengong-no-change').waitFor();
    await expect.poll(() => modal.getByTestId('fengong-preview').textContent()).toContain('无变化');
    expect(await modal.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
    await screenshot(page, 'office-fengong-preview');
    await modal.getByRole('button', { name: '取消' }).click();
  }, 120_000);

  it('uploads a filled template for a department on its behalf (preview, then confirm)', async () => {
    const depts = (await (await coord.request.get(`${server.url}/api/v1/departments`)).json()) as {
      items: { id: string; name: string }[];
    };
    const edu = depts.items.find((d) => d.name === '教育局')!;
    const res = await coord.request.get(
      `${server.url}/api/v1/plans/${planId}/export/progress-template.xlsx?period=2017-06&departmentId=${edu.id}`,
    );
    expect(res.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    const s = wb.getWorksheet('进展报送')!;
    let filled = 0;
    for (let r = 4; r <= s.rowCount && filled < 2; r += 1) {
      if (s.getRow(r).getCell(11).text === '') continue;
      if (s.getRow(r).getCell(8).text === '') {
        s.getRow(r).getCell(8).value = '已完成年度任务的六成';
        s.getRow(r).getCell(9).value = '部分项目用地手续滞后';
        s.getRow(r).getCell(10).value = '7月底前完成用地报批';
        filled += 1;
      }
      if (s.getRow(r).getCell(12).value) s.getRow(r).getCell(7).value = 30;
    }
    const file = path.join(tmp, '教育局2017-06进展报送表.xlsx');
    await wb.xlsx.writeFile(file);

    await page.goto(`${server.url}/app/plans/${planId}/assign`);
    await page.getByRole('button', { name: '批量上传报送表' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '批量上传报送表' });
    await modal.locator('input[type=file]').setInputFiles(file);
    await modal.getByTestId('progress-preview').waitFor();
    await expect.poll(() => modal.getByTestId('progress-preview').textContent()).toContain('督查室代报');
    expect(await modal.getByTestId('import-problems').count()).toBe(0);
    await screenshot(page, 'office-progress-preview');
    await modal.getByRole('button', { name: '确认导入' }).click();
    await page.getByText(/已提交 \d+ 条进展报告/u).waitFor();
    const queue = (await (
      await coord.request.get(`${server.url}/api/v1/progress?state=submitted`)
    ).json()) as { total: number };
    expect(queue.total).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('generates a 督查通报: boilerplate flags first, then the .docx', async () => {
    await page.goto(`${server.url}/app/plans/${planId}/assign`);
    await page.getByRole('button', { name: '生成督查通报' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '生成督查通报' });
    await modal.locator('.ant-select-selector').first().click();
    await page.locator('.ant-select-item-option').filter({ hasText: '2017-06' }).click();
    await modal.getByTestId('bulletin-flags').waitFor();
    await expect.poll(() => modal.getByText(/通报前请先处理套话/u).count()).toBe(1);
    await screenshot(page, 'office-bulletin-flags');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      modal.getByTestId('bulletin-generate').click(),
    ]);
    expect(download.suggestedFilename()).toBe('督查通报（2017年6月）.docx');
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    const text = (await mammoth.extractRawText({ path: file })).value;
    expect(text).toContain('关于2017年6月份政府工作报告重点工作推进情况的通报');
    expect(text).toContain('截至2017年6月底');
  }, 120_000);

  it('shows the data dictionary and the open-data links on the public site', async () => {
    await page.goto(`${server.url}/public/plans/${planId}`);
    const links = page.getByTestId('open-data-links');
    await links.waitFor();
    expect(await links.locator(`a[href$="/public/plans/${planId}/targets.csv"]`).count()).toBe(1);
    expect(await links.locator(`a[href$="/public/plans/${planId}/tasks.json"]`).count()).toBe(1);
    await links.getByRole('link', { name: /数据字典/u }).click();
    await page.getByTestId('dictionary-targets').waitFor();
    const urls = page.getByTestId('stable-urls');
    expect(await urls.textContent()).toContain(`/api/v1/public/plans/${planId}/targets.csv`);
    expect(await urls.locator('.ant-typography-copy').count()).toBe(4);
    const targets = page.getByTestId('dictionary-targets');
    expect(await targets.textContent()).toContain('latestActual');
    expect(await targets.textContent()).toContain('最新实际值');
    expect(await targets.textContent()).toContain('≥175亿元');
    await screenshot(page, 'public-data-dictionary');
  }, 120_000);

  it('runs, corrects and confirms a promise scorecard; the public site and the dashboard show it', async () => {
    // The 2018 report of the same city arrives (uploaded as the office does on the import page).
    const imported = await coord.request.post(`${server.url}/api/v1/reports`, {
      headers: { 'x-csrf-token': await csrf(coord) },
      multipart: {
        file: { name: 'xuchang-2018.txt', mimeType: 'text/plain', buffer: Buffer.from(XUCHANG_2018) },
      },
    });
    expect(imported.status()).toBe(201);

    await page.goto(`${server.url}/app/plans`);
    await page.getByRole('row').filter({ hasText: '2017' }).getByRole('link', { name: '承诺兑现' }).click();
    await page.getByTestId('promise-run').click();
    const items = page.getByTestId('promise-items');
    await items.getByTestId('verdict').first().waitFor();
    await expect.poll(() => page.getByTestId('verdict-counts').textContent()).toContain('未报告');

    // Correct one match: the coordinator judges the outcome absent.
    const row = items.getByRole('row').filter({ hasText: '新增贷款175亿元' });
    await row.getByRole('button', { name: '更正' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '更正' });
    await modal.getByLabel('无（下一年度报告未提到）').check();
    await modal.getByText('未报告', { exact: true }).click();
    await modal.getByLabel('说明').fill('贷款口径不同，按未报告处理');
    await modal.getByRole('button', { name: '保存' }).click();
    await row.getByText('已更正').waitFor();
    await screenshot(page, 'promises-review');

    await page.getByTestId('promise-confirm').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认并公开' }).click();
    await page.getByText('已确认 · 已公开').waitFor();

    const anon = await newContext(browser);
    const pub = await anon.newPage();
    const pubErrors = watchErrors(pub);
    await pub.goto(`${server.url}/public/plans/${planId}`);
    await pub.getByTestId('public-promises-link').click();
    await pub.getByTestId('promise-items').waitFor();
    const counts = await pub.getByTestId('verdict-counts').textContent();
    expect(counts).toContain('已完成');
    expect(counts).toContain('未报告');
    const loan = pub.getByTestId('promise-items').getByRole('row').filter({ hasText: '新增贷款175亿元' });
    expect(await loan.getByTestId('verdict').textContent()).toBe('未报告');
    const gdp = pub.getByTestId('promise-items').getByRole('row').filter({ hasText: '生产总值增长8%以上' });
    expect(await gdp.getByTestId('outcome-quote').textContent()).toContain('8.6%');
    await screenshot(pub, 'public-promises');
    expect(pubErrors).toEqual([]);
    await anon.close();

    await page.goto(`${server.url}/app/dashboard?plan=${planId}`);
    await page.locator('canvas').first().waitFor({ timeout: 60_000 });
    const card = page.getByTestId('promise-dashboard-card');
    await card.waitFor();
    expect(await card.textContent()).toContain('本系统跟踪的2017年进度');
    expect(await card.textContent()).toContain('2018年报告所述兑现情况');
    await screenshot(page, 'dashboard-promises');
    expect(errors).toEqual([]);
  }, 180_000);
});
