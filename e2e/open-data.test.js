// Open data in the browser: the board's download links follow the filters, and what they give is the
// CSV (header, escaped fields, masked text) and the XLSX (a zip workbook) of the public messages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Api } from './api.js';
import { launchBrowser, newPage, seeText, startServer } from './helpers.js';

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

test('a visitor downloads the filtered public messages as CSV and XLSX', async () => {
  const governor = await api.leader('440000', '省长');
  await api.staff('moderator', 'mod-o');
  const mod = await api.login('mod-o');
  const citizen = await api.citizen('13800138401');
  const publish = async (title, body, domain, extra = {}) => {
    const m = await api.write(citizen, { leader_id: governor, title, body, domain, ...extra });
    await api.step(mod, m.id, 'accept');
  };
  await publish('河道有异味, "很严重"', '请尽快处理，联系电话13912345678', 'environment');
  await publish('公交站台破损', '站台顶棚漏雨。', 'transport');
  await publish('私下反映', '不公开的内容', 'environment', { is_public: false });

  const page = await newPage(browser, server.base);
  await page.goto('/messages');
  await seeText(page.locator('main'), '公交站台破损');
  await page.getByTestId('filter-domain').selectOption('environment');
  const csvLink = page.getByTestId('export-csv');
  await page.waitForFunction(() => document.querySelector('[data-testid=export-csv]').getAttribute('href').includes('domain=environment'));

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
  assert.equal(csvDownload.suggestedFilename(), 'messages.csv');
  const csv = readFileSync(await csvDownload.path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split(/\r?\n/);
  assert.match(lines[0], /^id,created_at,region_code,region,leader,unit,type,domain,status,title,body,/);
  assert.equal(lines.length, 2, 'one public environment message; the private one stays out');
  assert.ok(lines[1].includes('"河道有异味, ""很严重"""'), lines[1]);
  assert.ok(lines[1].includes('139****5678') && !lines[1].includes('13912345678'), lines[1]);

  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  assert.equal(xlsxDownload.suggestedFilename(), 'messages.xlsx');
  const xlsx = readFileSync(await xlsxDownload.path());
  assert.equal(xlsx.subarray(0, 2).toString(), 'PK', 'a zip (XLSX) file');
});
