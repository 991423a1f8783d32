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

const FINANCE_PROGRESS = '财政局已拨付教育专项资金3000万元，覆盖全部县区。';
const FINANCE_PROBLEMS = '部分县区配套资金尚未到位。';

type TaskInputs = {
  items: { id: string; departmentName: string; state: string; consolidatedProgressId: string | null }[];
  coverage: { name: string; state: string | null }[];
};

/**
 * Consolidation (协办反馈) in a real browser: 财政局 (reporter2, cooperating) sends its input on the
 * education task; 教育局 (reporter, lead) sees it in the progress form, quotes it into the three fields
 * and submits; the input shows 已汇总, and the coordinator sees who has and has not sent input.
 */
describe.skipIf(!run)('consolidation: cooperating input quoted by the lead department', () => {
  let server: TestServer;
  let browser: Browser;
  let webRoot: string;
  let taskId = '';
  const errors: string[] = [];
  const pages: Page[] = [];

  const open = async (username: string): Promise<Page> => {
    const context = await newContext(browser);
    const page = await context.newPage();
    errors.push(...[]);
    const e = watchErrors(page);
    pages.push(page);
    checks.push(() => errors.push(...e));
    await login(page, server.url, username, DEMO_PASSWORD);
    return page;
  };
  const checks: (() => void)[] = [];

  beforeAll(async () => {
    webRoot = await buildWebApp();
    server = await startTestServer({ webRoot, withSample: true });
    browser = await launchBrowser();
    // The coordinator makes 财政局 (reporter2) a cooperating department of 教育局's (reporter) task.
    const office = await newContext(browser);
    const api = office.request;
    expect(
      (
        await api.post(`${server.url}/api/v1/auth/login`, {
          data: { username: 'coordinator', password: DEMO_PASSWORD },
        })
      ).status(),
    ).toBe(200);
    const csrf = (await office.cookies()).find((c) => c.name === 'luoshi_csrf')?.value ?? '';
    const plans = (await (await api.get(`${server.url}/api/v1/plans`)).json()) as { items: { id: string }[] };
    const plan = (await (await api.get(`${server.url}/api/v1/plans/${plans.items[0]?.id ?? ''}`)).json()) as {
      tasks: {
        id: string;
        assignment: {
          leaderId: string | null;
          leadDepartment: string;
          leadDepartmentId: string;
          cooperatingDepartmentIds: string[];
          deadline: string | null;
          version: number;
        } | null;
      }[];
    };
    const departments = (await (await api.get(`${server.url}/api/v1/departments?limit=200`)).json()) as {
      items: { id: string; name: string }[];
    };
    const finance = departments.items.find((d) => d.name === '财政局')?.id ?? '';
    const edu = plan.tasks.find((x) => x.assignment?.leadDepartment === '教育局');
    const a = edu?.assignment;
    expect(a).toBeTruthy();
    if (!edu || !a) return;
    const put = await api.put(`${server.url}/api/v1/tasks/${edu.id}/assignment`, {
      headers: { 'x-csrf-token': csrf },
      data: {
        version: a.version,
        leaderId: a.leaderId,
        leadDepartmentId: a.leadDepartmentId,
        cooperatingDepartmentIds: [...a.cooperatingDepartmentIds, finance],
        deadline: a.deadline,
      },
    });
    expect(put.status(), await put.text()).toBe(200);
    await office.close();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('1. 财政局 (cooperating) sends its input from the progress form', async () => {
    const page = await open('reporter2');
    const mine = (await (await page.request.get(`${server.url}/api/v1/my/tasks?limit=200`)).json()) as {
      items: { id: string; role: string; assignment: { leadDepartment: string } }[];
    };
    const task = mine.items.find((x) => x.role === 'cooperating' && x.assignment.leadDepartment === '教育局');
    expect(task).toBeDefined();
    taskId = task?.id ?? '';
    await page.goto(`${server.url}/app/my/${taskId}/report`);
    const card = page.getByTestId('cooperation-input-card');
    await card.getByText('未报送').waitFor();
    await card.getByText(/牵头单位（教育局）/).waitFor();
    await card.getByTestId('input-progress').fill(FINANCE_PROGRESS);
    await card.getByLabel('存在问题').fill(FINANCE_PROBLEMS);
    await card.getByTestId('send-input').click();
    await page.getByText('协办反馈已报送').waitFor();
    await card.getByText('已报送').waitFor();
    await screenshot(page, '40-cooperation-input');
  }, 90_000);

  it('2. 教育局 (lead) sees the input, quotes it into the three fields and submits', async () => {
    const page = await open('reporter');
    await page.goto(`${server.url}/app/my/${taskId}/report`);
    const panel = page.getByTestId('consolidation-panel');
    const input = panel.getByTestId('cooperation-input').filter({ hasText: '财政局' });
    await input.getByText(FINANCE_PROGRESS).waitFor();
    await input.getByText('已报送').waitFor();
    await panel.getByText('未报送').waitFor(); // 发展改革委 has not sent one
    await page.getByLabel('进展情况').fill('教育局：新建改扩建幼儿园30所。');
    await input.getByTestId('quote-input').click();
    await input.getByRole('button', { name: '已引用' }).waitFor();
    expect(await page.getByLabel('进展情况').inputValue()).toBe(
      `教育局：新建改扩建幼儿园30所。\n【财政局】${FINANCE_PROGRESS}`,
    );
    expect(await page.getByLabel('存在问题').inputValue()).toBe(`【财政局】${FINANCE_PROBLEMS}`);
    expect(await page.getByLabel('下一步措施').inputValue()).toBe('');
    await screenshot(page, '41-consolidation-quoted');
    await page.getByTestId('submit-report').click();
    await page.waitForURL((url) => url.pathname === '/app/my');

    const inputs = (await (
      await page.request.get(`${server.url}/api/v1/tasks/${taskId}/inputs?period=2017-12`)
    ).json()) as TaskInputs;
    expect(inputs.items).toHaveLength(1);
    expect(inputs.items[0]?.state).toBe('consolidated');
    expect(inputs.items[0]?.consolidatedProgressId).toBeTruthy();
    // Back in the form, the input shows 已汇总.
    await page.goto(`${server.url}/app/my/${taskId}/report`);
    await page
      .getByTestId('consolidation-panel')
      .getByTestId('cooperation-input')
      .locator('.ant-tag', { hasText: '已汇总' })
      .waitFor();
  }, 90_000);

  it('3. the coordinator sees in task detail which cooperating departments have sent input', async () => {
    const page = await open('coordinator');
    await page.goto(`${server.url}/app/tasks/${taskId}`);
    const card = page.getByTestId('input-coverage');
    await card.getByText('配合单位反馈').waitFor();
    await card.getByTestId('coverage-row').filter({ hasText: '财政局' }).getByText('已汇总').waitFor();
    await card.getByTestId('coverage-row').filter({ hasText: '发展改革委' }).getByText('未报送').waitFor();
    await card.getByText(FINANCE_PROGRESS).waitFor();
    await screenshot(page, '42-input-coverage');
    for (const check of checks) check();
    expect(errors).toEqual([]);
  }, 90_000);
});
