// Test helpers: the real server on a free 127.0.0.1 port with a fresh SQLite file, Debian's Chromium
// through playwright-core (never a downloaded browser), and small steps that read like the user's.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const screenshotDir = join(root, 'target', 'screenshots');
const binary = process.env.LIUYAN_BIN || join(root, 'target', 'debug', 'liuyan');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

export const ADMIN = { login: 'admin', password: 'board-keeper-2026' };

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Starts `liuyan serve` on a fresh database with one admin account; `stop()` ends it.
 *  `extraEnv` adds settings, e.g. a short access-token lifetime; `generate` first fills the database
 *  with that many generated messages (`liuyan generate`, ten years up to today). */
export async function startServer(extraEnv = {}, { generate = 0 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'liuyan-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${dir}/liuyan.db`,
    LIUYAN_BIND: `127.0.0.1:${port}`,
    LIUYAN_STATIC_DIR: join(root, 'frontend', 'dist'),
    LIUYAN_WORKERS: '2',
    RUST_LOG: process.env.RUST_LOG || 'error',
    ...extraEnv,
  };
  execFileSync(binary, ['admin', 'create', '--username', ADMIN.login, '--password', ADMIN.password], { env, stdio: 'pipe' });
  if (generate > 0) {
    execFileSync(binary, ['generate', '--messages', String(generate), '--seed', '7'], { env, stdio: 'pipe' });
  }
  const child = spawn(binary, ['serve'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`liuyan serve exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('liuyan serve did not get ready in 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A browser context of its own (own localStorage: one signed-in person), desktop size. */
export async function newPage(browser, base, { width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ baseURL: base, viewport: { width, height }, locale: 'zh-CN' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[console] ${m.text()}`);
  });
  return page;
}

/** Waits until the element's visible text contains `text`; fails with what it shows instead. */
export async function seeText(locator, text, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    try {
      last = await locator.innerText({ timeout: 1000 });
      if (last.includes(text)) return last;
    } catch {
      /* not there yet */
    }
    if (Date.now() > deadline) {
      mkdirSync(screenshotDir, { recursive: true });
      const shot = join(screenshotDir, `failure-${Date.now()}.png`);
      await locator.page().screenshot({ path: shot, fullPage: true }).catch(() => {});
      throw new Error(`expected to see ${JSON.stringify(text)}, the page shows ${JSON.stringify(last.slice(0, 600))} (screenshot: ${shot})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Logs in through the login form and waits for the header to show the account. */
export async function logIn(page, login, password) {
  await page.goto('/login');
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Picks an option by its visible text (waits for it to load). */
export async function choose(page, testId, label) {
  await page.getByTestId(testId).selectOption({ label });
}

/** Full-page screenshot at a width, saved as target/screenshots/<name>-<width>.png. */
export async function screenshot(page, name, width, height = 800) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.setViewportSize({ width, height });
  await page.waitForTimeout(150); // layout settles after the resize
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.screenshot({ path: join(screenshotDir, `${name}-${width}.png`), fullPage: true });
  return overflow;
}
