// Searching the public board in the browser: Chinese words inside longer text, title hits first,
// matches highlighted, combined with the filters, private messages never shown, the search kept in
// the address. The scene is set through the public API; the search is typed and clicked.
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

test('a visitor searches 噪音: title hits first, matches highlighted, filters apply, private messages stay out', async () => {
  const governor = await api.leader('440000', '省长');
  await api.staff('moderator', 'mod-s');
  const mod = await api.login('mod-s');
  const citizen = await api.citizen('13800138201');
  const publish = async (title, body, extra = {}) => {
    const m = await api.write(citizen, { leader_id: governor, title, body, ...extra });
    await api.step(mod, m.id, 'accept');
    return m.id;
  };
  await publish('小区噪音扰民问题', '请有关部门处理。', { domain: 'environment' });
  await publish('夜里睡不着', '楼下工地夜间施工噪音很大，已经持续一个月。', { domain: 'urban_construction' });
  await publish('广场舞声音太大', '每晚音响声音很大。');
  await publish('家门口噪音', '不公开的噪音问题', { is_public: false });

  const page = await newPage(browser, server.base);
  await page.goto('/messages');
  await page.getByTestId('search-q').fill('噪音');
  await page.getByTestId('search-submit').click();
  const results = page.getByTestId('search-results');
  await seeText(results, '夜里睡不着');
  const titles = await page.getByTestId('hit-title').allInnerTexts();
  assert.deepEqual(titles, ['小区噪音扰民问题', '夜里睡不着'], 'title hits first; the private one never');
  assert.equal(await page.getByTestId('hit-title').first().locator('mark').innerText(), '噪音');
  assert.equal(await page.getByTestId('hit-snippet').nth(1).locator('mark').innerText(), '噪音');
  assert.match(page.url(), /\/messages\?q=%E5%99%AA%E9%9F%B3$/);
  for (const w of [1280, 375]) assert.equal(await screenshot(page, 'search', w), 0, `search scrolls sideways at ${w}px`);
  await page.setViewportSize({ width: 1280, height: 800 });

  // The filters narrow the search.
  await page.getByTestId('filter-domain').selectOption('environment');
  // The old results stay until the new ones arrive: wait for the list to change.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=hit-title]').length === 1);
  assert.deepEqual(await page.getByTestId('hit-title').allInnerTexts(), ['小区噪音扰民问题']);

  // The address keeps the search: a reload shows the same words and results.
  await page.reload();
  assert.equal(await page.getByTestId('search-q').inputValue(), '噪音');
  await seeText(page.getByTestId('search-results'), '夜里睡不着');

  // Nothing found says so; clearing the box goes back to the whole list.
  await page.getByTestId('search-q').fill('拆迁');
  await page.getByTestId('search-submit').click();
  await seeText(page.locator('main'), '没有找到相关留言');
  await page.getByTestId('search-q').fill('');
  await page.getByTestId('search-submit').click();
  await seeText(page.locator('main'), '广场舞声音太大');
});

test('a citizen writing sees public messages that already ask the same, with their answers', async () => {
  const governor = await api.leader('440000', '省长');
  const unit = await api.unit('440100', '住房和城乡建设局');
  await api.staff('moderator', 'mod-sim');
  await api.staff('unit_staff', 'staff-sim', { unit_id: unit });
  const mod = await api.login('mod-sim');
  const staff = await api.login('staff-sim');
  const other = await api.citizen('13800138211');
  const m = await api.write(other, { leader_id: governor, title: '工地夜间施工扰民', body: '小区旁工地每晚施工到凌晨。' });
  await api.step(mod, m.id, 'accept');
  await api.step(mod, m.id, 'assign', { unit_id: unit });
  const reply = await api.call('POST', `/messages/${m.id}/replies`, { token: staff, body: { body: '已责令该工地夜间停工。', submit: true } });
  await api.call('POST', `/replies/${reply.id}/approve`, { token: mod, body: {} });

  await api.citizen('13800138212');
  const page = await newPage(browser, server.base);
  await logIn(page, '13800138212', PASSWORD);
  await page.goto('/write');
  await page.getByTestId('title').fill('晚上工地施工太吵');
  await page.getByTestId('title').press('Tab');
  const box = page.getByTestId('similar');
  await seeText(box, '工地夜间施工扰民');
  assert.equal(await box.getByTestId('similar-answer').first().innerText(), '已责令该工地夜间停工。');
  assert.equal(await box.getByTestId('similar-title').first().getAttribute('href'), `/messages/${m.id}`);
  for (const w of [1280, 375]) assert.equal(await screenshot(page, 'write-similar', w), 0, `the form scrolls sideways at ${w}px`);
});
