// The case library in the browser: a moderator features an answered public message with a note from
// its page; a visitor finds it under 精选案例 with the note and the reply, and on the message page; the
// moderator changes the note and withdraws the case.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Api, PASSWORD } from './api.js';
import { launchBrowser, logIn, newPage, screenshot, seeText, startServer } from './helpers.js';

let server;
let browser;
let api;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  api = new Api(server.base);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a moderator features an answered message and the public reads it in the case library', async () => {
  const governor = await api.leader('440000', '省长');
  const unit = await api.unit('440100', '住房和城乡建设局');
  await api.staff('moderator', 'mod-case');
  await api.staff('unit_staff', 'staff-case', { unit_id: unit });
  const mod = await api.login('mod-case');
  const staff = await api.login('staff-case');
  const citizen = await api.citizen('13800138401');
  const m = await api.write(citizen, { leader_id: governor, title: '小区电梯停运一个月', body: '电梯坏了一个月无人修，老人下不了楼。' });
  await api.step(mod, m.id, 'accept');
  await api.step(mod, m.id, 'assign', { unit_id: unit });
  const reply = await api.call('POST', `/messages/${m.id}/replies`, { token: staff, body: { body: '已督促物业三日内修复电梯并回访住户。', submit: true } });
  await api.call('POST', `/replies/${reply.id}/approve`, { token: mod, body: {} });

  // The moderator features it from the message page; a blank note is refused first.
  const page = await newPage(browser, server.base);
  await logIn(page, 'mod-case', PASSWORD);
  await page.goto(`/messages/${m.id}`);
  await page.getByTestId('case-save').click();
  await page.waitForFunction(() => document.querySelector('#case-note')?.getAttribute('aria-invalid') === 'true');
  assert.notEqual(await page.getByTestId('case-form').getByTestId('error-note').innerText(), '');
  assert.equal((await api.call('GET', '/cases')).items.length, 0);
  await page.getByTestId('case-note').fill('三日办结，回访到位。');
  await page.getByTestId('case-save').click();
  await seeText(page.getByTestId('message-case'), '三日办结，回访到位。');
  assert.equal((await api.call('GET', '/cases')).items.length, 1);

  // A visitor finds it under 精选案例, with the note and the reply.
  const visitor = await newPage(browser, server.base);
  await visitor.goto('/');
  await visitor.getByTestId('nav-cases').click();
  const card = visitor.getByTestId('case').first();
  await seeText(card, '小区电梯停运一个月');
  assert.equal(await card.getByTestId('case-note-text').innerText(), '三日办结，回访到位。');
  assert.equal(await card.getByTestId('case-reply').innerText(), '已督促物业三日内修复电梯并回访住户。');
  for (const w of [1280, 375]) assert.equal(await screenshot(visitor, 'cases', w), 0, `the case library scrolls sideways at ${w}px`);
  await visitor.setViewportSize({ width: 1280, height: 800 });
  // Filtered by another domain, it is not there.
  await visitor.getByTestId('cases-domain').selectOption('health');
  await visitor.getByTestId('no-cases').waitFor();
  // The message page says it is a case.
  await visitor.goto(`/messages/${m.id}`);
  await seeText(visitor.getByTestId('message-case'), '三日办结，回访到位。');
  assert.equal(await visitor.getByTestId('case-form').count(), 0, 'only moderators keep the library');

  // The moderator changes the note, then withdraws the case.
  await page.getByTestId('case-note').fill('三日办结。');
  await page.getByTestId('case-save').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=message-case-note]')?.textContent === '三日办结。');
  await page.getByTestId('case-withdraw').click();
  await page.getByTestId('message-case').waitFor({ state: 'detached' });
  await visitor.goto('/cases');
  await visitor.getByTestId('no-cases').waitFor();
});
