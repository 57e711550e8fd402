// The language switch in the header: zh-CN by default, zh-TW and en on request, remembered.
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

test('the header switches between 简体中文, 繁體中文 and English, and remembers the choice', async () => {
  const page = await newPage(browser, server.base);
  await page.goto('/');
  const nav = page.getByRole('navigation');
  await seeText(nav, '浏览留言');
  await seeText(page.getByTestId('summary'), '公开留言');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');

  await page.getByLabel('语言').selectOption('en');
  await seeText(nav, 'Browse');
  await seeText(page.getByTestId('summary'), 'Public messages');
  await seeText(page.getByTestId('nav-login'), 'Log in');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');

  // Labels of the API's enums follow the language too.
  await page.getByTestId('nav-browse').click();
  await seeText(page.getByLabel('Type'), 'Complaint');
  await seeText(page.getByLabel('Status'), 'Reply in review');

  await page.getByLabel('Language').selectOption('zh-TW');
  await seeText(nav, '瀏覽留言');
  await seeText(page.getByLabel('留言類型'), '投訴');
  await seeText(page.getByLabel('狀態'), '答覆審核中');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-TW');

  // Remembered across visits.
  await page.reload();
  await seeText(nav, '瀏覽留言');
  await page.getByLabel('語言').selectOption('zh-CN');
  await seeText(nav, '浏览留言');
});
