import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Violation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
};

/** Run axe on the page as it is; serious and critical violations, one line each. */
async function axe(page: Page): Promise<string[]> {
  // Through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Violation[] }> };
      }
    ).axe.run(
      // antd's hidden column-measuring row (aria-hidden, tabindex -1) is not content.
      { exclude: [['.ant-table-measure-row']] },
      { resultTypes: ['violations'] },
    );
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)}`)
          .join(' | ')}`,
    );
}

/**
 * An axe-core audit of the main screens in Chromium: public plan list, plan and target, login,
 * dashboard, my tasks, progress form, review queue, task board, task detail and the 分工表. Fails on
 * serious or critical violations (labels, contrast, landmarks, language, names of controls).
 */
describe.skipIf(!run)('accessibility (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;
  let webRoot: string;
  let planId = '';

  beforeAll(async () => {
    webRoot = await buildWebApp();
    server = await startTestServer({ webRoot, withSample: true });
    browser = await launchBrowser();
    const res = await fetch(`${server.url}/api/v1/public/plans`);
    planId = ((await res.json()) as { items: { id: string }[] }).items[0]?.id ?? '';
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function audit(page: Page, path: string, name: string, ready: (p: Page) => Promise<unknown>) {
    await page.goto(`${server.url}${path}`);
    await ready(page);
    // Let antd's entry animations finish, so contrast is measured on the final colours.
    await page.waitForTimeout(400);
    await screenshot(page, `a11y-${name}`);
    return (await axe(page)).map((v) => `${name}: ${v}`);
  }

  it('public pages and the login page: no serious violations, lang zh-CN, no console errors', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    const found: string[] = [];
    found.push(
      ...(await audit(page, '/public', 'public-plans', (p) =>
        p.getByText('2017年许昌市政府工作报告').first().waitFor(),
      )),
    );
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    found.push(
      ...(await audit(page, `/public/plans/${planId}`, 'public-plan', (p) =>
        p.getByTestId('public-task').first().waitFor(),
      )),
    );
    const target = await page.getByTestId('target-line').first().getByRole('link').getAttribute('href');
    found.push(
      ...(await audit(page, target ?? '/public', 'public-target', (p) => p.getByText('指标详情').waitFor())),
    );
    found.push(...(await audit(page, '/login', 'login', (p) => p.getByLabel('用户名').waitFor())));
    expect(found).toEqual([]);
    // Anonymous visitors: /auth/me answers { user: null }, so nothing is logged, not even a 401.
    expect(errors).toEqual([]);
    const strict: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') strict.push(m.text());
    });
    await page.goto(`${server.url}/public`);
    await page.getByText('2017年许昌市政府工作报告').first().waitFor();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').waitFor();
    await page.waitForTimeout(300);
    expect(strict).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('the 分工表 (assignment grid): no serious violations', async () => {
    const coord = await newContext(browser);
    const cp = await coord.newPage();
    await login(cp, server.url, 'coordinator', DEMO_PASSWORD);
    const found = await audit(cp, `/app/plans/${planId}/assign`, 'assign', (p) =>
      p.locator('.ant-table-row').first().waitFor(),
    );
    await coord.close();
    expect(found).toEqual([]);
  }, 120_000);

  it('coordinator, leader and reporter screens: no serious violations', async () => {
    const found: string[] = [];
    const coord = await newContext(browser);
    const cp = await coord.newPage();
    await login(cp, server.url, 'coordinator', DEMO_PASSWORD);
    found.push(...(await audit(cp, '/app/review', 'review-queue', (p) => p.locator('.ant-table').waitFor())));
    found.push(
      ...(await audit(cp, `/app/tasks?plan=${planId}`, 'task-board', (p) =>
        p.getByTestId('status-card-grey').or(p.getByTestId('status-card-missed')).first().waitFor(),
      )),
    );
    await cp.getByPlaceholder('搜索重点工作、指标或单位').fill('发展更高质量的教育');
    await cp.getByRole('link', { name: '发展更高质量的教育' }).first().click();
    await cp.getByTestId('task-text').waitFor();
    const taskPath = new URL(cp.url()).pathname;
    found.push(...(await audit(cp, taskPath, 'task-detail', (p) => p.getByTestId('task-text').waitFor())));
    await coord.close();

    const lead = await newContext(browser);
    const lp = await lead.newPage();
    await login(lp, server.url, 'leader', DEMO_PASSWORD);
    found.push(
      ...(await audit(lp, `/app/dashboard?plan=${planId}`, 'dashboard', (p) =>
        p.locator('canvas').first().waitFor(),
      )),
    );
    await lead.close();

    const rep = await newContext(browser);
    const rp = await rep.newPage();
    await login(rp, server.url, 'reporter', DEMO_PASSWORD);
    found.push(...(await audit(rp, '/app/my', 'my-tasks', (p) => p.getByTestId('agenda').waitFor())));
    await rp.getByTestId('report-button').first().click();
    await rp.getByLabel('进展情况').waitFor();
    const formPath = new URL(rp.url());
    found.push(
      ...(await audit(rp, formPath.pathname + formPath.search, 'progress-form', (p) =>
        p.getByLabel('进展情况').waitFor(),
      )),
    );
    await rep.close();
    expect(found).toEqual([]);
  }, 240_000);
});
