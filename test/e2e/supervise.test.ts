import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/server/app.ts';
import { registerWebApp } from '../../src/server/web-static.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { seedDemo } from '../../src/services/seed.ts';
import { simulateDemoYear } from '../../src/services/seed-simulation.ts';
import { createStore, migrateToLatest, type Store } from '../../src/store/db.ts';
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
import { DEMO_PASSWORD, SAMPLE_REPORT } from './support/server.ts';

const run = chromiumAvailable();

/** Server and browser both live on 3 July 2017, 10:00 in Asia/Shanghai: the June report is due in 2 days. */
const NOW = new Date('2017-07-03T02:00:00.000Z');
const EDU_TASK = '发展更高质量的教育';

/**
 * Journeys 3-5 gaps in a real browser, on the sample plan with a simulated (模拟数据) year through May:
 * the dashboard judged as of a date (and final after the year), the simulated label, the reporting
 * calendar (本期应报), the review queue's filters and in-place review, and the task timeline that keeps
 * a return and the resubmission.
 */
describe.skipIf(!run)('supervise: as-of dashboard, calendar, review queue, timeline', () => {
  let browser: Browser;
  let webRoot: string;
  let dataDir: string;
  let store: Store;
  let app: FastifyInstance;
  let url: string;
  let planId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    webRoot = await buildWebApp();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-supervise-'));
    const config = loadConfig({ LUOSHI_DATA_DIR: dataDir, LUOSHI_DEMO_PASSWORD: DEMO_PASSWORD });
    store = createStore(config);
    await migrateToLatest(store, null);
    fs.mkdirSync(config.attachmentsDir, { recursive: true });
    fs.mkdirSync(config.reportsDir, { recursive: true });
    const ctx: ServiceContext = {
      store,
      now: () => NOW,
      attachmentsDir: config.attachmentsDir,
      reportsDir: config.reportsDir,
      maxUploadBytes: config.maxUploadBytes,
    };
    const seeded = await seedDemo(ctx, {
      password: DEMO_PASSWORD,
      sample: { bytes: fs.readFileSync(SAMPLE_REPORT), fileName: path.basename(SAMPLE_REPORT) },
    });
    if (!seeded?.planId) throw new Error('seed failed');
    planId = seeded.planId;
    await simulateDemoYear(ctx, { tenantId: seeded.tenantId, planId, throughPeriod: '2017-05' });
    // The session cookie must outlive the real clock of the browser's cookie jar (the server lives in 2017).
    app = await buildApp({ ctx, sessionTtlHours: 24 * 366 * 12 });
    await registerWebApp(app, { root: webRoot });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.destroy();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function open(username: string, viewport?: typeof MOBILE): Promise<{ page: Page; errors: string[] }> {
    const context = await newContext(browser, viewport);
    await context.clock.setFixedTime(NOW);
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, url, username, DEMO_PASSWORD);
    return { page, errors };
  }

  const overall = async (page: Page): Promise<string> =>
    (await page.getByTestId('overall-completion').locator('.ant-statistic-content-value').textContent()) ??
    '';

  it('the dashboard is judged as of a date from the URL and the picker; simulated data is labelled; a finished year is final', async () => {
    const { page, errors } = await open('leader');
    await page.goto(`${url}/app/dashboard?plan=${planId}`);
    await page.getByTestId('simulated-banner').waitFor();
    expect(await page.getByTestId('simulated-banner').textContent()).toContain('模拟数据');
    expect(await page.getByTestId('as-of-date').textContent()).toBe('2017-07-03');
    await page.locator('canvas').first().waitFor();
    const today = await overall(page);

    // The picker's preset "第1季度末": figures change, and the date goes into the URL.
    await page.getByTestId('as-of-picker').click();
    await page.getByText('第1季度末').click();
    await page.waitForURL(/asOf=2017-03-31/);
    await expect.poll(() => page.getByTestId('as-of-date').textContent()).toBe('2017-03-31');
    await expect.poll(() => overall(page)).not.toBe(today);
    const march = await overall(page);
    await screenshot(page, 'sv40-dashboard-as-of-march');

    // A shared link opens the same view; judged after the year, targets missed are 未完成 (final).
    await page.goto(`${url}/app/dashboard?plan=${planId}&asOf=2018-01-31`);
    await page.getByTestId('year-ended').waitFor();
    await expect
      .poll(() => page.getByTestId('status-counts').getAttribute('data-counts'))
      .toMatch(/missed:[1-9]/);
    expect(await page.getByTestId('status-counts').textContent()).toContain('未完成');
    await screenshot(page, 'sv41-dashboard-year-end');
    await page.goto(`${url}/app/dashboard?plan=${planId}&asOf=2017-03-31`);
    await expect.poll(() => overall(page)).toBe(march);

    // The task board says the same, with the label; a missed task reads 未完成, not 严重滞后.
    await page.goto(`${url}/app/tasks?plan=${planId}&asOf=2018-01-31`);
    await page.getByTestId('simulated-banner').waitFor();
    await page.getByTestId('status-card-missed').waitFor();
    await page.getByTestId('status-card-missed').click();
    const firstMissed = page.locator('[data-final="missed"]').first();
    await firstMissed.waitFor();
    expect(await firstMissed.textContent()).toBe('未完成');
    await screenshot(page, 'sv42-task-board-year-end');
    expect(await horizontalOverflow(page)).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);

  it('the reporter sees what is due this period and when, sorted by urgency, and reports from there', async () => {
    const { page, errors } = await open('reporter');
    await page.getByTestId('agenda').waitFor();
    await expect
      .poll(() => page.getByTestId('period-summary').textContent())
      .toContain('2017年6月进展应于 2017-07-05 前报送');
    const agendaRows = page.getByTestId('agenda').locator('tbody tr.ant-table-row');
    await agendaRows.first().waitFor();
    const rows = await agendaRows.allTextContents();
    const edu = rows.findIndex((r) => r.includes(EDU_TASK) && r.includes('剩 2 天'));
    expect(edu).toBeGreaterThanOrEqual(0);
    // Overdue items (missing simulated months, if any) come before those still open.
    const states = await page
      .getByTestId('agenda-state')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    const firstDue = states.indexOf('due');
    expect(states.slice(firstDue).every((s) => s !== 'late' && s !== 'returned')).toBe(true);
    await screenshot(page, 'sv43-my-calendar');

    await agendaRows.nth(edu).getByTestId('agenda-report').click();
    await page.waitForURL(/period=2017-06/);
    await page.getByLabel('进展情况').fill('六月：新建改扩建幼儿园 30 所');
    await page.getByTestId('submit-report').click();
    await page.waitForURL(/\/app\/my$/);
    await page.locator('tr').filter({ hasText: EDU_TASK }).getByText('待审核').first().waitFor();
    expect(errors).toEqual([]);

    const mobile = await open('reporter', MOBILE);
    await mobile.page.getByTestId('agenda').waitFor();
    await screenshot(mobile.page, 'sv43-my-calendar');
    expect(await horizontalOverflow(mobile.page)).toBe(0);
  }, 120_000);

  it('the coordinator filters the queue, sees figures beside goals, returns in place; the resubmission shows in the timeline', async () => {
    const { page, errors } = await open('coordinator');
    await page.goto(`${url}/app/review`);
    const row = page.locator('tr.ant-table-row').filter({ hasText: EDU_TASK });
    await row.waitFor();
    expect(await row.getByTestId('queue-figures').textContent()).toContain('目标');
    await screenshot(page, 'sv44-review-queue');

    // Filters: another department shows nothing of 教育局; 教育局 and June show the report.
    const pickDepartment = async (name: string): Promise<void> => {
      await page.getByTestId('queue-department').click();
      await page.keyboard.type(name);
      await page.locator(`.ant-select-item-option[title="${name}"]`).click();
    };
    await pickDepartment('财政局');
    await expect.poll(() => page.getByTestId('queue-total').textContent()).toBe('共 0 条');
    await page.getByRole('button', { name: '清除筛选' }).click();
    await pickDepartment('教育局');
    await page.getByPlaceholder('按报送期筛选').click();
    await page.getByPlaceholder('按报送期筛选').fill('2017-06');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('queue-total').textContent()).toBe('共 1 条');

    await row.getByTestId('return-report').click();
    await page.getByTestId('return-reason-input').fill('请补充幼儿园名单');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /退\s*回/ })
      .click();
    await expect.poll(() => page.getByTestId('queue-total').textContent()).toBe('共 0 条');

    // The reporter resubmits from the calendar (returned comes first).
    const rep = await open('reporter');
    await rep.page.getByText('请补充幼儿园名单').first().waitFor();
    const first = rep.page.getByTestId('agenda').locator('tbody tr.ant-table-row').first();
    expect(await first.textContent()).toContain(EDU_TASK);
    await first.getByTestId('agenda-report').click();
    await rep.page.getByLabel('进展情况').fill('六月：新建改扩建幼儿园 30 所，名单见附件');
    await rep.page.getByTestId('submit-report').click();
    await rep.page.waitForURL(/\/app\/my$/);
    expect(rep.errors).toEqual([]);

    // The coordinator accepts it from the queue, then reads the task's timeline.
    await page.reload();
    await row.getByTestId('accept-report').click();
    await page.getByText('没有待审核的进展报告').waitFor();
    await page.goto(`${url}/app/tasks?plan=${planId}`);
    await page.getByPlaceholder('搜索重点工作、指标或单位').fill(EDU_TASK);
    await page.getByRole('link', { name: EDU_TASK }).first().click();
    const events = page.getByTestId('timeline-event');
    await events.first().waitFor();
    const kinds = await events.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds.slice(0, 4)).toEqual([
      'report-accepted',
      'report-resubmitted',
      'report-returned',
      'report-submitted',
    ]);
    expect(await page.getByTestId('timeline-return-reason').first().textContent()).toContain(
      '请补充幼儿园名单',
    );
    // Simulated reports in the history carry the label.
    await page.getByTestId('simulated-banner').waitFor();
    expect(await page.getByTestId('simulated-tag').count()).toBeGreaterThan(0);
    await screenshot(page, 'sv45-task-timeline');
    expect(await horizontalOverflow(page)).toBe(0);
    expect(errors).toEqual([]);
  }, 180_000);
});
