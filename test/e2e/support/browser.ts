import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './server.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENS_DIR = path.join(ROOT, '.tmp/screens');
export const DESKTOP = { width: 1440, height: 900 };
export const MOBILE = { width: 390, height: 844 };

/**
 * Whether the browser tests can run. Under CI a missing chromium is a failure, never a skip.
 */
export function chromiumAvailable(): boolean {
  const ok = fs.existsSync(CHROMIUM);
  if (!ok && process.env.CI === 'true') {
    throw new Error(
      `chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium fonts-wqy-microhei)`,
    );
  }
  if (!ok) console.warn(`\n⚠ e2e: chromium not found at ${CHROMIUM}; browser tests are SKIPPED\n`);
  return ok;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A fresh context (its own cookies and storage) at a viewport, zh-CN. */
export async function newContext(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1 });
}

/** Collects uncaught page errors and console errors, so a test can assert none happened. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Answers like 401 (anonymous GET /auth/me) or 409 (a stale edit) are expected and handled by the
    // app; the browser logs them anyway. Anything else logged as an error is a failure.
    if (
      m.type() === 'error' &&
      !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())
    ) {
      errors.push(`console: ${m.text()}`);
    }
  });
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  const vp = page.viewportSize();
  const suffix = vp && vp.width < 600 ? 'mobile' : 'desktop';
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.${suffix}.png`), fullPage: false });
}

/** Log in through the form. */
export async function login(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/app'));
}

/** No horizontal scrolling: the page fits its viewport. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
