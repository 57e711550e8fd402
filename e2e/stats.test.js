// The public statistics in the browser, on ten years of generated messages: the headline figures,
// trend, splits and unit ranking agree with the API for the region and year chosen; a new message
// shows up at once; a leader's monthly report shows the month chosen and offers its CSV.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Api } from './api.js';
import { launchBrowser, newPage, screenshot, seeText, startServer } from './helpers.js';

let server;
let browser;
let api;
before(async () => {
  server = await startServer({}, { generate: 600 });
  browser = await launchBrowser();
  api = new Api(server.base);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const pct = (v) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const stats = (path) => api.call('GET', `/stats/${path}`);

/** Waits until the headline's message count reads `n` (the old figures stay until new ones come). */
async function headlineSays(page, n) {
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid=stat-messages] .figure-n')?.textContent === want,
    String(n),
  );
}

test('a visitor reads the statistics by region and year, and the unit ranking', async () => {
  const page = await newPage(browser, server.base);
  await page.goto('/');
  await page.getByTestId('nav-stats').click();
  const all = (await stats('summary')).measures;
  assert.ok(all.messages > 400, `${all.messages} counted`);
  await headlineSays(page, all.messages);
  assert.equal(await page.locator('[data-testid=stat-satisfaction] .figure-n').innerText(), pct(all.satisfaction_rate));
  assert.equal(await page.locator('[data-testid=stat-on-time-rate] .figure-n').innerText(), pct(all.on_time_rate));
  // All years: one trend row per year, newest first.
  const years = await stats('trend?grain=year');
  const trendRows = page.getByTestId('stats-trend').getByTestId('figure-row');
  await seeText(page.getByTestId('stats-trend'), years.points.at(-1).period);
  assert.equal(await trendRows.count(), years.points.length);

  // One province: the headline and the split by city follow.
  await page.getByTestId('stats-region-province').selectOption('440000');
  const gd = (await stats('summary?region=440000')).measures;
  await headlineSays(page, gd.messages);
  const cities = await stats('breakdown?by=region&region=440000');
  await seeText(page.getByTestId('stats-by-region'), cities.rows[0].label);
  const cityLabels = await page.getByTestId('stats-by-region').getByTestId('figure-label').allInnerTexts();
  assert.deepEqual(cityLabels, cities.rows.map((r) => r.label));

  // One year: the trend turns into its twelve months.
  const year = String(new Date().getFullYear());
  await page.getByTestId('stats-year').selectOption(year);
  const gdYear = (await stats(`summary?region=440000&from=${year}&to=${year}`)).measures;
  await headlineSays(page, gdYear.messages);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=stats-trend] [data-testid=figure-row]').length === 12);

  // The unit ranking, by average handling days, shortest first.
  await page.getByTestId('stats-year').selectOption('');
  await page.getByTestId('ranking-sort').selectOption('avg_handling_days');
  const ranking = await stats('breakdown?by=unit&region=440000&sort=avg_handling_days&min_messages=1&limit=20');
  assert.ok(ranking.rows.length > 1);
  const want = ranking.rows.map((r) => r.label);
  await page.waitForFunction(
    (labels) =>
      JSON.stringify([...document.querySelectorAll('[data-testid=stats-ranking] [data-testid=figure-label]')].map((e) => e.textContent)) ===
      JSON.stringify(labels),
    want,
  );
  for (const w of [1280, 375]) assert.equal(await screenshot(page, 'stats', w), 0, `statistics scroll sideways at ${w}px`);
  await page.setViewportSize({ width: 1280, height: 800 });

  // A message past screening counts at once.
  const governor = await api.leader('440000', '省长');
  await api.staff('moderator', 'mod-stats');
  const mod = await api.login('mod-stats');
  const citizen = await api.citizen('13800138301');
  const m = await api.write(citizen, { leader_id: governor, title: '公交站台破损', body: '站台顶棚破损漏雨。' });
  await api.step(mod, m.id, 'accept');
  await page.reload();
  await page.getByTestId('stats-region-province').selectOption('440000');
  await headlineSays(page, gd.messages + 1);
});

test('a visitor reads the hot words of a region and year, and a word leads to its messages', async () => {
  const page = await newPage(browser, server.base);
  await page.goto('/stats');
  const words = async (q) => (await stats(`hot-words?limit=30${q}`)).words.map((w) => w.word);
  const shown = () => page.getByTestId('hot-words').getByTestId('hot-word').locator('a').allInnerTexts();
  const showing = (want) =>
    page.waitForFunction(
      (w) => JSON.stringify([...document.querySelectorAll('[data-testid=hot-word] a')].map((a) => a.textContent)) === JSON.stringify(w),
      want,
    );
  const all = await words('');
  assert.ok(all.length >= 10, `${all.length} hot words`);
  await showing(all);
  assert.deepEqual(await shown(), all);

  const year = String(new Date().getFullYear() - 1);
  await page.getByTestId('stats-region-province').selectOption('440000');
  await page.getByTestId('stats-year').selectOption(year);
  const gd = await words(`&region=440000&period=${year}`);
  assert.ok(gd.length > 0);
  await showing(gd);

  // A word is a search for the messages about it.
  await page.getByTestId('hot-word').first().locator('a').click();
  await page.waitForURL((u) => u.pathname === '/messages' && u.searchParams.get('q') === gd[0]);
  await page.getByTestId('search-hit').first().waitFor();
  assert.equal(await page.getByTestId('search-q').inputValue(), gd[0]);
});

test("a leader's monthly report shows the month chosen and offers it as CSV", async () => {
  const busiest = (await stats('breakdown?by=leader&limit=1')).rows[0];
  const y = new Date().getFullYear();
  const months = await stats(`trend?grain=month&leader=${busiest.key}&from=${y - 9}-01&to=${y}-12`);
  const month = months.points.filter((p) => p.measures.messages > 0).at(-1).period;
  const report = await stats(`leaders/${busiest.key}/monthly?month=${month}`);

  const page = await newPage(browser, server.base);
  await page.goto(`/leaders/${busiest.key}`);
  await page.getByTestId('leader-report').click();
  await seeText(page.getByTestId('report-leader'), busiest.label);
  await page.getByTestId('report-month').fill(month);
  await page.getByTestId('report-month').dispatchEvent('change');
  await seeText(page.getByTestId('report-leader'), month);
  await headlineSays(page, report.measures.messages);
  const compare = await page.getByTestId('report-compare').getByTestId('figure-messages').allInnerTexts();
  assert.deepEqual(compare, [report.measures, report.previous_month, report.year_to_date].map((m) => String(m.messages)));
  assert.equal(await page.getByTestId('report-by-type').getByTestId('figure-row').count(), report.by_type.length);

  const href = await page.getByTestId('report-csv').getAttribute('href');
  assert.ok(href.endsWith(`month=${month}`), href);
  const csv = await (await fetch(server.base + href)).text();
  const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.match(lines[0], /^section,key,label,messages,/);
  assert.ok(lines[1].startsWith(`month,${month},${busiest.label},${report.measures.messages},`), lines[1]);
  for (const w of [1280, 375]) assert.equal(await screenshot(page, 'leader-report', w), 0, `the report scrolls sideways at ${w}px`);
});
