// Forms: the API's field errors (problem+json `errors[]`) stand under the fields they name; the
// session's access token is renewed quietly when it expires.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { choose, launchBrowser, newPage, seeText, startServer } from './helpers.js';

let server;
let browser;
before(async () => {
  // Access tokens live 2 s here (plus the server's 5 s leeway), so the refresh path runs in the test.
  server = await startServer({ LIUYAN_ACCESS_TOKEN_TTL: '2' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('registration shows the API field errors under their fields', async () => {
  const page = await newPage(browser, server.base);
  await page.goto('/register');
  await page.getByTestId('phone').fill('12345');
  await page.getByTestId('password').fill('short');
  await page.getByTestId('register-submit').click();
  await seeText(page.getByTestId('error-phone'), '11 位大陆手机号');
  await seeText(page.getByTestId('error-password'), '8–128');
  assert.equal(await page.getByTestId('phone').getAttribute('aria-invalid'), 'true');
  await seeText(page.getByTestId('error'), '填写的内容有误');

  // An enterprise's credit code is checked by the server, digit by digit.
  await page.getByTestId('role-enterprise').check();
  await page.getByTestId('enterprise_name').fill('广州某某科技有限公司');
  await page.getByTestId('uscc').fill('91350100M000100Y44');
  await page.getByTestId('phone').fill('');
  await page.getByTestId('email').fill('office@example.com');
  await page.getByTestId('password').fill('a-long-secret-1');
  await page.getByTestId('register-submit').click();
  await seeText(page.getByTestId('error-uscc'), 'check character');
});

test('a too-long title and a blank text come back as inline errors; the token is refreshed quietly', async () => {
  const page = await newPage(browser, server.base);
  const refreshes = [];
  page.on('response', (r) => {
    if (r.url().endsWith('/api/v1/auth/refresh')) refreshes.push(r.status());
  });
  await page.goto('/register');
  await page.getByTestId('phone').fill('13900000003');
  await page.getByTestId('password').fill('a-long-secret-1');
  await page.getByTestId('register-submit').click();
  await page.waitForURL('**/me/messages');
  const expired = Date.now() + 9000; // 2 s lifetime + 5 s leeway, in whole seconds

  await page.getByTestId('nav-write').click();
  await page.getByTestId('write-submit').click(); // nothing chosen: the pickers say so first
  await seeText(page.getByTestId('error-leader_id'), '不能为空');
  await seeText(page.getByTestId('error-message_type'), '不能为空');

  await choose(page, 'write-region-province', '广东省');
  await choose(page, 'leader_id', '广东省省长');
  await page.getByTestId('message_type').selectOption('consultation');
  await page.getByTestId('domain').selectOption('transport');
  await page.getByTestId('title').fill('长'.repeat(101));
  await page.getByTestId('body').fill('   ');
  await page.waitForTimeout(Math.max(0, expired - Date.now())); // the access token has expired by now
  await page.getByTestId('write-submit').click();
  await seeText(page.getByTestId('error-title'), '不能超过 100 个字符');
  await seeText(page.getByTestId('error-body'), '不能为空');
  assert.equal(await page.getByTestId('title').getAttribute('aria-invalid'), 'true');
  assert.match(page.url(), /\/write$/, 'still on the form, not sent to the login page');
  assert.deepEqual(refreshes, [200], 'one quiet refresh of the expired access token');

  await page.getByTestId('title').fill('地铁站出口缺少无障碍坡道');
  await page.getByTestId('body').fill('建议在地铁站B出口加装无障碍坡道，方便轮椅通行。');
  await page.getByTestId('write-submit').click();
  await page.waitForURL(/\/messages\/\d+$/);
  await seeText(page.getByTestId('message').getByTestId('status'), '待审核');
});
