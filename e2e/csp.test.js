// The Content-Security-Policy holds in a real browser: the web app (WebAssembly, its inline boot script)
// and Swagger UI both work under it, and nothing on either page is refused by it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, newPage, seeText, startServer } from './helpers.js';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page that records every CSP violation it meets. */
async function watchedPage() {
  const page = await newPage(browser, server.base);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const refused = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) refused.push(m.text());
  });
  return { page, refused };
}

test('the web app runs under the policy', async () => {
  const { page, refused } = await watchedPage();
  const res = await page.goto('/');
  const csp = res.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(res.headers()['x-content-type-options'], 'nosniff');
  // The app booted (WebAssembly compiled, the inline boot script ran) and read the API.
  await seeText(page.locator('header'), '留言');
  await page.goto('/messages');
  await page.waitForSelector('[data-testid=filter-domain]');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(refused, []);
});

test('Swagger UI runs under the policy and never calls the online validator', async () => {
  const { page, refused } = await watchedPage();
  const outside = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(server.base) && !r.url().startsWith('data:')) outside.push(r.url());
  });
  const res = await page.goto('/docs/');
  assert.match(res.headers()['content-security-policy'], /default-src 'self'/);
  await seeText(page.locator('.swagger-ui .info'), 'Liuyan API', 30_000);
  await page.locator('.opblock-summary').first().waitFor();
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(refused, []);
  assert.deepEqual(outside, []);
});
