// Suggestion campaigns, topics and the enterprise channel, in the browser: an admin makes a topic and
// gives a unit's staff the campaign right; a leader's office runs a campaign from draft to published
// results; citizens suggest and support; the platform screens; the owner answers the suggestion that
// crossed the support threshold; the public reads the outcome report. A citizen is refused the
// enterprise channel, an enterprise writes in it. The scene is set through the public API; every step
// the test is about is taken by clicks and typing. Screenshots of each new page at 1280 and 375 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Api, PASSWORD } from './api.js';
import { ADMIN, choose, launchBrowser, logIn, newPage, screenshot, seeText, startServer } from './helpers.js';

let server;
let browser;
let api;
const ids = {};
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  api = new Api(server.base);
  ids.governor = await api.leader('440000', '省长');
  ids.transport = await api.unit('440100', '交通');
  await api.staff('moderator', 'mod-c');
  await api.staff('leader_office', 'gd-office-c', { leader_id: ids.governor });
  await api.staff('unit_staff', 'gz-transport-c', { unit_id: ids.transport });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Both widths, no sideways scrolling; back to desktop size afterwards. */
async function shots(page, name) {
  for (const w of [1280, 375]) assert.equal(await screenshot(page, name, w), 0, `${name} scrolls sideways at ${w}px`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** A `datetime-local` value in the machine's time zone (the browser's too). */
function localInput(date) {
  const p = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}`;
}

/** The suggestion card whose title is `title`. */
const card = (page, title) => page.getByTestId('suggestion').filter({ hasText: title });

test('admin: a topic is created and a unit’s staff get the campaign right', async () => {
  const admin = await newPage(browser, server.base);
  await logIn(admin, ADMIN.login, ADMIN.password);
  await admin.goto('/admin/topics');
  // The defaults are there, the enterprise channel among them.
  await seeText(admin.getByTestId('topics-table'), '政企直通车');
  await admin.getByTestId('topic-slug').fill('rural-revival');
  await admin.getByTestId('topic-name').fill('乡村振兴');
  await admin.getByTestId('topic-description').fill('关于乡村振兴的留言和建议');
  await admin.getByTestId('topic-domain-agriculture_rural').check();
  await admin.getByTestId('topic-submit').click();
  await seeText(admin.getByTestId('topics-table'), '乡村振兴');
  await shots(admin, 'admin-topics');

  // Closing hides it from the public list; reopening brings it back.
  await admin.getByTestId('toggle-topic-rural-revival').click();
  await seeText(admin.getByTestId('topic-row').filter({ hasText: '乡村振兴' }), '已关闭');
  assert.ok(!(await api.call('GET', '/topics')).some((t) => t.slug === 'rural-revival'));
  await admin.getByTestId('toggle-topic-rural-revival').click();
  await seeText(admin.getByTestId('topic-row').filter({ hasText: '乡村振兴' }), '开放中');

  await admin.goto('/admin/accounts');
  await admin.getByTestId('campaigns-gz-transport-c').click();
  await seeText(admin.getByTestId('account-row').filter({ hasText: 'gz-transport-c' }), '可发起征集');
  const me = await api.call('GET', '/me', { token: await api.login('gz-transport-c') });
  assert.equal(me.can_run_campaigns, true);

  // The unit's staff now see the way to a new campaign.
  const staff = await newPage(browser, server.base);
  await logIn(staff, 'gz-transport-c', PASSWORD);
  await staff.getByTestId('nav-campaigns').click();
  await staff.getByTestId('new-campaign').waitFor();
});

test('a campaign from draft to published results: suggest, screen, support past the threshold, answer, report', async () => {
  // --- the leader's office drafts and publishes a campaign ---
  const owner = await newPage(browser, server.base);
  await logIn(owner, 'gd-office-c', PASSWORD);
  await owner.getByTestId('nav-campaigns').click();
  await owner.getByTestId('new-campaign').click();
  await owner.getByTestId('campaign-title').fill('优化营商环境金点子征集');
  await owner.getByTestId('campaign-description').fill('请为优化我省营商环境献计献策。');
  await owner.getByTestId('campaign-opens').fill(localInput(new Date(Date.now() - 3600_000)));
  await owner.getByTestId('campaign-closes').fill(localInput(new Date(Date.now() + 7 * 86400_000)));
  await choose(owner, 'campaign-topic-pick', '优化营商环境');
  await owner.getByTestId('campaign-threshold').fill('2');
  await owner.getByTestId('campaign-submit').click();
  await seeText(owner.getByTestId('campaign'), '草稿');
  await shots(owner, 'campaign-draft');
  await owner.getByTestId('open-campaign').click();
  await seeText(owner.getByTestId('phase'), '征集中');
  const campaignUrl = new URL(owner.url()).pathname;
  const campaignId = Number(campaignUrl.split('/')[2]);

  // --- a citizen suggests ---
  const phones = ['13800138101', '13800138102', '13800138103'];
  for (const p of phones) await api.citizen(p);
  const writer = await newPage(browser, server.base);
  await logIn(writer, phones[0], PASSWORD);
  await writer.goto('/campaigns');
  await writer.getByTestId('campaign-item').filter({ hasText: '优化营商环境金点子征集' }).getByRole('link').first().click();
  await writer.getByTestId('suggestion-title').fill('推行企业开办一网通办');
  await writer.getByTestId('suggestion-body').fill('建议将企业开办的各个环节整合到一个平台，一次提交，全程网办。');
  await writer.getByTestId('suggestion-submit').click();
  await writer.getByTestId('notice').waitFor();
  await seeText(card(writer, '推行企业开办一网通办'), '待审核');
  await shots(writer, 'campaign-open');
  // A blank suggestion is refused with the field named.
  await writer.getByTestId('suggestion-submit').click();
  await writer.getByTestId('error-title').filter({ hasText: /\S/ }).waitFor();
  await writer.getByTestId('nav-suggestions').click();
  await seeText(writer.getByTestId('suggestions'), '推行企业开办一网通办');

  // --- the platform screens it in ---
  const mod = await newPage(browser, server.base);
  await logIn(mod, 'mod-c', PASSWORD);
  await mod.getByTestId('nav-suggestions').click();
  await card(mod, '推行企业开办一网通办').getByTestId('accept-suggestion').click();
  await seeText(mod.locator('main'), '暂无建议');

  // --- two citizens support it; one changes their mind and back ---
  for (const p of phones.slice(1)) {
    const supporter = await newPage(browser, server.base);
    await logIn(supporter, p, PASSWORD);
    await supporter.goto(campaignUrl);
    const c = card(supporter, '推行企业开办一网通办');
    const before = Number((await c.getByTestId('support-count').innerText()).match(/\d+/)[0]);
    await c.getByTestId('support').click();
    await seeText(c.getByTestId('support-count'), `${before + 1} 人支持`);
    if (p === phones[1]) {
      await c.getByTestId('support').click(); // withdraw
      await seeText(c.getByTestId('support-count'), `${before} 人支持`);
      await c.getByTestId('support').click();
      await seeText(c.getByTestId('support-count'), `${before + 1} 人支持`);
    }
    await supporter.context().close();
  }
  const counted = (await api.call('GET', `/campaigns/${campaignId}/suggestions`)).items[0];
  assert.equal(counted.support_count, 2);
  assert.equal(counted.owes_response, true);

  // --- past the threshold: on the owner's queue, answered there ---
  await owner.getByTestId('nav-suggestions').click();
  const owed = card(owner, '推行企业开办一网通办');
  await seeText(owed, '待回应');
  await shots(owner, 'suggestions-owed');
  await owed.getByTestId('review-outcome').selectOption('adopted');
  await owed.getByTestId('review-note-input').fill('已纳入全省营商环境改革方案，年内上线。');
  await owed.getByTestId('review-submit').click();
  await seeText(owner.locator('main'), '暂无建议'); // no longer owed

  // --- close, publish the results ---
  await owner.goto(campaignUrl);
  await owner.getByTestId('close-campaign').click();
  await seeText(owner.getByTestId('phase'), '已截止');
  // Closed: the writer's page no longer offers the form, and the API refuses a late one.
  await writer.goto(campaignUrl);
  await seeText(writer.getByTestId('phase'), '已截止');
  assert.equal(await writer.getByTestId('suggestion-form').count(), 0);
  const late = await fetch(`${server.base}/api/v1/campaigns/${campaignId}/suggestions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await api.login(phones[0])}` },
    body: JSON.stringify({ title: '迟到的建议', body: '截止以后才提交的建议。' }),
  });
  assert.equal(late.status, 409);
  assert.equal((await late.json()).code, 'campaign_not_open');

  await owner.getByTestId('results-summary-input').fill('共收到建议 1 条，采纳 1 条。');
  await owner.getByTestId('publish-submit').click();
  await seeText(owner.getByTestId('phase'), '已公布结果');

  // --- the public reads the outcome ---
  const visitor = await newPage(browser, server.base);
  await visitor.goto('/campaigns');
  await visitor.getByTestId('campaign-tab-results_published').click();
  await visitor.getByTestId('campaign-item').filter({ hasText: '优化营商环境金点子征集' }).getByRole('link').first().click();
  await seeText(visitor.getByTestId('results-summary'), '采纳 1 条');
  await visitor.getByTestId('report-link').click();
  await seeText(visitor.getByTestId('count-adopted'), '1');
  const adopted = await seeText(visitor.getByTestId('adopted'), '推行企业开办一网通办');
  assert.ok(adopted.includes('已纳入全省营商环境改革方案'), adopted);
  await seeText(visitor.getByTestId('top-supported'), '2 人支持');
  await shots(visitor, 'campaign-report');
  const report = await api.call('GET', `/campaigns/${campaignId}/report`);
  assert.deepEqual(report.adopted.map((s) => s.title), ['推行企业开办一网通办']);
});

test('topics: a citizen is refused the enterprise channel, an enterprise writes in it and shows masked', async () => {
  const visitor = await newPage(browser, server.base);
  await visitor.goto('/');
  await visitor.getByTestId('nav-topics').click();
  const channel = visitor.getByTestId('topic').filter({ hasText: '政企直通车' });
  await seeText(channel, '仅限企业');
  await shots(visitor, 'topics');
  await channel.getByRole('link').click();
  await visitor.getByTestId('topic-head').waitFor();
  const topicUrl = new URL(visitor.url()).pathname;

  // --- a citizen tries: the form warns, the server refuses with 403 ---
  await api.citizen('13800138109');
  const citizen = await newPage(browser, server.base);
  await logIn(citizen, '13800138109', PASSWORD);
  await citizen.goto(topicUrl);
  await citizen.getByTestId('write-in-topic').click();
  await citizen.getByTestId('enterprise-channel-hint').waitFor();
  const fill = async (page) => {
    await choose(page, 'write-region-province', '广东省');
    await choose(page, 'write-region-city', '广州市');
    await choose(page, 'leader_id', '广东省省长');
    await page.getByTestId('message_type').selectOption('help_request');
    await page.getByTestId('domain').selectOption('unpaid_bills');
    await page.getByTestId('title').fill('工程款被拖欠两年');
    await page.getByTestId('body').fill('我公司承建的项目竣工验收两年，工程款仍未支付，联系电话 13912345678。');
  };
  await fill(citizen);
  // The channel narrows the domains to its own.
  const options = await citizen.getByTestId('domain').locator('option').allTextContents();
  assert.ok(!options.includes('交通') && options.includes('账款拖欠'), options.join(','));
  await citizen.getByTestId('write-submit').click();
  await seeText(citizen.getByTestId('error'), '政企直通车');
  assert.ok(citizen.url().includes('/write'));

  // --- an enterprise writes there ---
  const { uscc } = await api.enterprise('广州示例建设有限公司', 42);
  const firm = await newPage(browser, server.base);
  await logIn(firm, uscc, PASSWORD);
  await firm.goto(topicUrl);
  await firm.getByTestId('write-in-topic').click();
  await fill(firm);
  await firm.getByTestId('write-submit').click();
  await firm.waitForURL(/\/messages\/\d+$/);
  const messageId = Number(new URL(firm.url()).pathname.split('/')[2]);

  // Accepted by the platform, it is public in the topic with the firm's name and masked code.
  const mod = await api.login('mod-c');
  await api.step(mod, messageId, 'accept');
  await visitor.goto(topicUrl);
  await seeText(visitor.locator('main'), '工程款被拖欠两年');
  await visitor.getByTestId('message-item').filter({ hasText: '工程款被拖欠两年' }).getByRole('link').first().click();
  const page = await seeText(visitor.getByTestId('message'), '广州示例建设有限公司');
  assert.ok(!page.includes(uscc), 'the credit code is masked in public');
  assert.ok(!page.includes('13912345678'), 'the phone number is masked in public');
  assert.equal((await api.call('GET', `/messages/${messageId}`)).topic_id, Number(topicUrl.split('/')[2]));
});
