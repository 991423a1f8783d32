import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  DESKTOP,
  horizontalOverflow,
  launchBrowser,
  login,
  MOBILE,
  newContext,
  screenshot,
  SCREENS_DIR,
  watchErrors,
} from './support/browser.ts';
import { buildWebApp } from './support/build.ts';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './support/server.ts';

const run = chromiumAvailable();

/** Every screen of every role at 1440x900 and 390x844, on the seeded demo (the sample plan published). */
describe.skipIf(!run)('screens (seeded demo)', () => {
  let server: TestServer;
  let browser: Browser;
  let webRoot: string;
  let planId: string;

  beforeAll(async () => {
    webRoot = await buildWebApp();
    server = await startTestServer({ webRoot, withSample: true });
    browser = await launchBrowser();
    const res = await fetch(`${server.url}/api/v1/public/plans`);
    const body = (await res.json()) as { items: { id: string }[] };
    planId = body.items[0]?.id ?? '';
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const visit = async (page: Page, path: string, name: string, ready: (p: Page) => Promise<unknown>) => {
    await page.goto(`${server.url}${path}`);
    await ready(page);
    await page.waitForTimeout(400);
    await screenshot(page, name);
    return horizontalOverflow(page);
  };

  it('the first screen loads no chart code; its JS size and time are reported', async () => {
    const ctx = await newContext(browser, DESKTOP);
    const page = await ctx.newPage();
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) scripts.push(new URL(r.url()).pathname);
    });
    const started = Date.now();
    await page.goto(`${server.url}/public`);
    await page.getByText('2017年许昌市政府工作报告').first().waitFor();
    const firstScreenMs = Date.now() - started;
    const fcp = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    );
    const sizes = scripts.map((p) => {
      const bytes = fs.readFileSync(path.join(webRoot, p));
      return { file: path.basename(p), raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
    });
    const total = sizes.reduce((s, x) => ({ raw: s.raw + x.raw, gzip: s.gzip + x.gzip }), {
      raw: 0,
      gzip: 0,
    });
    const report = { firstScreenMs, firstContentfulPaintMs: fcp, total, scripts: sizes };
    fs.mkdirSync(SCREENS_DIR, { recursive: true });
    fs.writeFileSync(path.join(SCREENS_DIR, 'first-screen.json'), JSON.stringify(report, null, 2));
    console.log(
      `first screen: ${firstScreenMs} ms (FCP ${Math.round(fcp ?? 0)} ms), JS ${scripts.length} files, ${Math.round(total.gzip / 1024)} kB gzip / ${Math.round(total.raw / 1024)} kB raw`,
    );
    expect(scripts.some((p) => /Dashboard|EChart|echarts/i.test(p))).toBe(false);
    // The dashboard (with ECharts) is its own chunk, loaded when the route is opened.
    expect(fs.readdirSync(path.join(webRoot, 'assets')).some((f) => f.startsWith('DashboardPage'))).toBe(
      true,
    );
    await ctx.close();
  }, 60_000);

  for (const viewport of [DESKTOP, MOBILE]) {
    const tag = viewport === DESKTOP ? 'desktop' : 'mobile';

    it(`public screens fit the ${tag} viewport`, async () => {
      const ctx = await newContext(browser, viewport);
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      const o1 = await visit(page, '/public', '01-public-plans', (p) =>
        p.getByText('2017年许昌市政府工作报告').first().waitFor(),
      );
      const o2 = await visit(page, `/public/plans/${planId}`, '02-public-plan', (p) =>
        p.getByTestId('public-task').first().waitFor(),
      );
      // antd's own words are Chinese: the pagination's total and page titles.
      expect(await page.getByText('共 50 条').count()).toBeGreaterThan(0);
      await page.getByTestId('target-line').first().getByRole('link').click();
      await page.getByText('指标详情').waitFor();
      await page.waitForTimeout(150);
      await screenshot(page, '03-public-target');
      const o3 = await horizontalOverflow(page);
      const o4 = await visit(page, '/login', '00-login', (p) => p.getByLabel('用户名').waitFor());
      expect([o1, o2, o3, o4]).toEqual([0, 0, 0, 0]);
      expect(errors).toEqual([]);
      await ctx.close();
    });

    it(`coordinator screens (${tag})`, async () => {
      const ctx = await newContext(browser, viewport);
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      await login(page, server.url, 'coordinator', DEMO_PASSWORD);
      const overflow: number[] = [];
      overflow.push(
        await visit(page, '/app/plans', '10-plans', (p) =>
          p.getByText('2017年许昌市政府工作报告').first().waitFor(),
        ),
      );
      overflow.push(
        await visit(page, '/app/import', '11-import', (p) =>
          p.getByText('点击或将报告文件拖到此处上传').waitFor(),
        ),
      );
      overflow.push(
        await visit(page, `/app/plans/${planId}/review`, '12-review', (p) =>
          p.locator('mark.target-mark').first().waitFor(),
        ),
      );
      await page.getByRole('tab', { name: /解析提示/ }).click();
      await page.getByText('已移除无关文字').first().waitFor();
      await screenshot(page, '13-review-problems');
      overflow.push(
        await visit(page, `/app/plans/${planId}/assign`, '14-assign', (p) =>
          p.getByTestId('assign-row-title').first().waitFor(),
        ),
      );
      overflow.push(
        await visit(page, '/app/review', '15-review-queue', (p) =>
          p.getByText('没有待审核的进展报告').waitFor(),
        ),
      );
      overflow.push(
        await visit(page, '/app/tasks', '16-task-board', (p) => p.getByTestId('status-card-grey').waitFor()),
      );
      const first = page.locator('a[href^="/app/tasks/"]').first();
      await first.click();
      await page.getByText('任务动态').waitFor();
      await screenshot(page, '17-task-detail');
      overflow.push(await horizontalOverflow(page));
      expect(overflow.every((o) => o === 0)).toBe(true);
      expect(errors).toEqual([]);
      await ctx.close();
    });

    it(`leader, reporter and admin screens (${tag})`, async () => {
      const overflow: number[] = [];
      for (const [user, screens] of [
        ['leader', [['/app/dashboard', '20-dashboard', 'canvas']]],
        ['reporter', [['/app/my', '30-my-tasks', '发展更高质量的教育']]],
        [
          'admin',
          [
            ['/app/admin/users', '40-admin-users', 'reporter2'],
            ['/app/admin/departments', '41-admin-departments', '教育局'],
            ['/app/admin/leaders', '42-admin-leaders', '王建国'],
            ['/app/admin/tenants', '43-admin-tenants', '许昌市'],
          ],
        ],
      ] as const) {
        const ctx = await newContext(browser, viewport);
        const page = await ctx.newPage();
        const errors = watchErrors(page);
        await login(page, server.url, user, DEMO_PASSWORD);
        for (const [path, name, marker] of screens) {
          overflow.push(
            await visit(page, path, name, (p) =>
              marker === 'canvas'
                ? p.locator('canvas').first().waitFor()
                : p.getByText(marker).first().waitFor(),
            ),
          );
        }
        if (user === 'reporter') {
          await page.getByTestId('report-button').first().click();
          await page.getByText('进展情况').first().waitFor();
          await page.waitForTimeout(150);
          await screenshot(page, '31-progress-form');
          overflow.push(await horizontalOverflow(page));
        }
        expect(errors).toEqual([]);
        await ctx.close();
      }
      expect(overflow.every((o) => o === 0)).toBe(true);
    });
  }
});
