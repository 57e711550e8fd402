// Passwords and abuse limits as the user meets them: the password policy's reasons under the field in
// the UI language, the login lockout after wrong passwords (and for how long), a rate limit's wait,
// and changing one's own password, after which the app logs in again by itself with the new one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Api, PASSWORD } from './api.js';
import { ADMIN, launchBrowser, logIn, newPage, screenshot, seeText, startServer } from './helpers.js';

const NEW_PASSWORD = 'violet-harbor-tram-88';

let server;
let browser;
before(async () => {
  // The default limits: five wrong passwords in a row lock an account's login.
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Clicks and waits for the answer of the API call the click makes. */
async function clickFor(page, testId, path) {
  const [answer] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1${path}` && r.request().method() !== 'OPTIONS'),
    page.getByTestId(testId).click(),
  ]);
  return answer;
}

test('registration says why a password is refused, in the UI language', async () => {
  const page = await newPage(browser, server.base);
  await page.goto('/register');
  await page.getByTestId('phone').fill('13900000101');
  await page.getByTestId('password').fill('password1');
  assert.equal((await clickFor(page, 'register-submit', '/auth/register')).status(), 422);
  await seeText(page.getByTestId('error-password'), '密码太容易被猜到');
  await seeText(page.getByTestId('error'), '填写的内容有误');
  const field = page.getByTestId('password');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.match(await field.getAttribute('aria-describedby'), /\bpassword-error\b/);

  // The account's own phone number in the password.
  await field.fill('my-13900000101-pw');
  await clickFor(page, 'register-submit', '/auth/register');
  await seeText(page.getByTestId('error-password'), '密码不能包含本账号的手机号');

  // The error already shown follows the language switch.
  await page.getByLabel('语言').selectOption('zh-TW');
  await seeText(page.getByTestId('error-password'), '密碼不能包含本帳號的手機號');
  await page.getByLabel('語言').selectOption('en');
  await seeText(page.getByTestId('error-password'), "must not contain the account's phone number");

  // In English a guessable password gets zxcvbn's advice, as the server words it.
  await field.fill('password1');
  await clickFor(page, 'register-submit', '/auth/register');
  await seeText(page.getByTestId('error-password'), 'is too easy to guess');
  await seeText(page.getByTestId('error'), 'Some fields need fixing');
  await page.getByLabel('Language').selectOption('zh-TW');
  await seeText(page.getByTestId('error-password'), '密碼太容易被猜到');

  await page.getByLabel('語言').selectOption('zh-CN');
  await field.fill(PASSWORD);
  await page.getByTestId('register-submit').click();
  await page.waitForURL('**/me/messages');
});

test('an admin creating a staff account is told why its password is refused', async () => {
  const page = await newPage(browser, server.base);
  await logIn(page, ADMIN.login, ADMIN.password);
  await page.waitForURL('**/admin/accounts');
  await page.getByTestId('role').selectOption('moderator');
  await page.getByTestId('username').fill('zhao-shenhe');
  await page.getByTestId('display_name').fill('赵审核');
  const field = page.getByTestId('password');
  await field.fill('zhao-shenhe-2026'); // the login name in the password
  assert.equal((await clickFor(page, 'create-submit', '/admin/accounts')).status(), 422);
  await seeText(page.getByTestId('error-password'), '密码不能包含本账号的手机号、邮箱、登录名、名称或信用代码');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await field.fill('12345678');
  await clickFor(page, 'create-submit', '/admin/accounts');
  await seeText(page.getByTestId('error-password'), '密码太容易被猜到');
  await page.getByLabel('语言').selectOption('zh-TW');
  await seeText(page.getByTestId('error-password'), '密碼太容易被猜到');
  await page.getByLabel('語言').selectOption('zh-CN');
  await field.fill(NEW_PASSWORD);
  await page.getByTestId('create-submit').click();
  await seeText(page.getByTestId('notice'), '账号已创建');
  await seeText(page.getByTestId('accounts'), 'zhao-shenhe');
});

test('after five wrong passwords the login page says logging in is locked, and for how long', async () => {
  const phone = '13900000202';
  await new Api(server.base).citizen(phone);
  const page = await newPage(browser, server.base);
  await page.goto('/login');
  await page.getByTestId('login').fill(phone);
  for (let i = 1; i <= 5; i++) {
    await page.getByTestId('password').fill(`wrong-guess-${i}`);
    assert.equal((await clickFor(page, 'login-submit', '/auth/login')).status(), 401, `wrong password ${i}`);
    await seeText(page.getByTestId('error'), '账号或密码错误');
  }

  // Locked now: even the right password is refused, and the page says for how long.
  await page.getByTestId('password').fill(PASSWORD);
  const locked = await clickFor(page, 'login-submit', '/auth/login');
  assert.equal(locked.status(), 429);
  const problem = await locked.json();
  assert.equal(problem.code, 'login_locked');
  assert.equal(locked.headers()['retry-after'], String(problem.retry_after));
  assert.ok(problem.retry_after > 0 && problem.retry_after <= 60, `locked for ${problem.retry_after} s`);
  const box = page.getByTestId('error');
  const shown = await seeText(box, '密码错误次数过多，登录已锁定，请 1 分钟后再试。');
  assert.doesNotMatch(shown, /too many/i, 'no English detail beside the Chinese headline');
  assert.match(page.url(), /\/login$/);
  assert.equal(await page.getByTestId('logout').count(), 0);

  await page.getByLabel('语言').selectOption('zh-TW');
  await seeText(box, '密碼錯誤次數過多，登入已鎖定，請 1 分鐘後再試。');
  await page.getByLabel('語言').selectOption('en');
  await seeText(box, 'Too many wrong passwords: logging in is locked. Try again in 1 minute.');
  for (const w of [1280, 375]) assert.equal(await screenshot(page, 'login-locked', w), 0, `the login page scrolls sideways at ${w}px`);
});

test('a rate limit says how long to wait', async () => {
  // A server of its own that takes two registrations a minute from one address.
  const limited = await startServer({ LIUYAN_LIMITS: 'register.ip=2/1m' });
  try {
    const api = new Api(limited.base);
    await api.citizen('13900000501');
    await api.citizen('13900000502');
    const page = await newPage(browser, limited.base);
    await page.goto('/register');
    await page.getByTestId('phone').fill('13900000503');
    await page.getByTestId('password').fill(PASSWORD);
    const answer = await clickFor(page, 'register-submit', '/auth/register');
    assert.equal(answer.status(), 429);
    assert.equal((await answer.json()).code, 'rate_limited');
    const box = page.getByTestId('error');
    await seeText(box, '操作过于频繁');
    assert.match(await box.innerText(), /操作过于频繁，请 \d+ 秒后再试。/);
    await page.getByLabel('语言').selectOption('en');
    assert.match(await seeText(box, 'Too many requests'), /Too many requests: try again in \d+ seconds?\./);
  } finally {
    await limited.stop();
  }
});

test('changing the password: reasons under the fields, then still signed in with the new one', async () => {
  const phone = '13900000303';
  const api = new Api(server.base);
  await api.citizen(phone);
  const page = await newPage(browser, server.base);
  await logIn(page, phone, PASSWORD);
  const tokens = () =>
    page.evaluate(() => [localStorage.getItem('liuyan.access_token'), localStorage.getItem('liuyan.refresh_token')]);
  const [oldAccess, oldRefresh] = await tokens();

  await page.getByTestId('nav-account').click();
  await page.waitForURL('**/account');
  await seeText(page.getByTestId('account-logins'), phone);

  const current = page.getByTestId('current_password');
  const next = page.getByTestId('password');
  const confirm = page.getByTestId('password_confirm');

  // A wrong current password: the server says so under that field.
  await current.fill('not-my-password-1');
  await next.fill(NEW_PASSWORD);
  await confirm.fill(NEW_PASSWORD);
  assert.equal((await clickFor(page, 'change-password-submit', '/me')).status(), 422);
  await seeText(page.getByTestId('error-current_password'), '当前密码不正确');
  assert.equal(await current.getAttribute('aria-invalid'), 'true');

  // The two new passwords differ: the form says so without asking the server.
  await current.fill(PASSWORD);
  await confirm.fill(`${NEW_PASSWORD}x`);
  await page.getByTestId('change-password-submit').click();
  await seeText(page.getByTestId('error-password_confirm'), '两次输入的新密码不一致');
  assert.equal(await confirm.getAttribute('aria-invalid'), 'true');

  // A guessable one: the policy's reason, in the UI language.
  await next.fill('password1');
  await confirm.fill('password1');
  await clickFor(page, 'change-password-submit', '/me');
  await seeText(page.getByTestId('error-password'), '密码太容易被猜到');
  assert.equal(await current.getAttribute('aria-invalid'), 'false');
  await page.getByLabel('语言').selectOption('en');
  await seeText(page.getByTestId('error-password'), 'is too easy to guess');
  await page.getByLabel('Language').selectOption('zh-CN');

  // A good one: changed, and signed in again with it at once.
  await next.fill(NEW_PASSWORD);
  await confirm.fill(NEW_PASSWORD);
  assert.equal((await clickFor(page, 'change-password-submit', '/me')).status(), 200);
  await seeText(page.getByTestId('notice'), '密码已修改');
  assert.match(page.url(), /\/account$/);
  await page.getByTestId('logout').waitFor();
  assert.equal(await current.inputValue(), '', 'the form is emptied');
  const [newAccess, newRefresh] = await tokens();
  assert.ok(newAccess && newAccess !== oldAccess && newRefresh !== oldRefresh, 'a new session');
  for (const w of [1280, 375]) assert.equal(await screenshot(page, 'account', w), 0, `the account page scrolls sideways at ${w}px`);

  // The old session is over on the server; the new one works, also after a reload.
  const me = await fetch(`${server.base}/api/v1/me`, { headers: { Authorization: `Bearer ${oldAccess}` } });
  assert.equal(me.status, 401);
  const refresh = await fetch(`${server.base}/api/v1/auth/refresh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refresh_token: oldRefresh }),
  });
  assert.equal(refresh.status, 401);
  await page.reload();
  await seeText(page.getByTestId('account-logins'), phone);
  await page.getByTestId('nav-mine').click();
  await page.waitForURL('**/me/messages');
  assert.equal(await page.getByTestId('login-required').count(), 0);

  // The old password no longer logs in; the new one does.
  const other = await newPage(browser, server.base);
  await other.goto('/login');
  await other.getByTestId('login').fill(phone);
  await other.getByTestId('password').fill(PASSWORD);
  assert.equal((await clickFor(other, 'login-submit', '/auth/login')).status(), 401);
  await seeText(other.getByTestId('error'), '账号或密码错误');
  await logIn(other, phone, NEW_PASSWORD);
  assert.ok(await api.login(phone, NEW_PASSWORD));
});
