// Handling in depth, in the browser: routing rules and the routing queue, webhooks (secret shown once),
// notifications, follow-up questions, joint replies and supervision of an overdue message.
// The scene (accounts, messages up to the step under test) is set through the public API; every step
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
  // Background passes (supervision, webhook sending) every 500 ms, so their effects show within seconds.
  server = await startServer({ LIUYAN_JOB_INTERVAL_MS: '500' });
  browser = await launchBrowser();
  api = new Api(server.base);
  ids.governor = await api.leader('440000', '省长');
  ids.transport = await api.unit('440100', '交通');
  ids.housing = await api.unit('440100', '住房');
  await api.staff('moderator', 'mod-h');
  await api.staff('leader_office', 'gd-office-h', { leader_id: ids.governor });
  await api.staff('unit_staff', 'gz-transport-h', { unit_id: ids.transport });
  await api.staff('unit_staff', 'gz-housing-h', { unit_id: ids.housing });
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

/** A citizen's message, accepted and assigned to Guangzhou's transport bureau (by the API). */
async function assignedMessage(phone, title, instruction) {
  const citizen = await api.citizen(phone);
  const m = await api.write(citizen, { leader_id: ids.governor, title, body: `${title}，请有关部门尽快处理。` });
  await api.step(await api.login('mod-h'), m.id, 'accept');
  await api.step(await api.login('gd-office-h'), m.id, 'assign', { unit_id: ids.transport, ...(instruction ? { instruction } : {}) });
  return { id: m.id, citizen, phone };
}

const status = (page) => page.getByTestId('message').getByTestId('status');

test('admin: a routing rule sends a new message straight to its unit; the rest wait in the routing queue; a webhook shows its secret once', async () => {
  const admin = await newPage(browser, server.base);
  await logIn(admin, ADMIN.login, ADMIN.password);

  // --- a webhook endpoint (nothing listens there: deliveries fail and are retried) ---
  await admin.goto('/admin/webhooks');
  await admin.getByTestId('hook-url').fill('http://127.0.0.1:9/liuyan-events');
  await admin.getByTestId('hook-submit').click();
  const secret = await seeText(admin.getByTestId('webhook-secret'), 'whsec_');
  await seeText(admin.getByTestId('webhooks'), '127.0.0.1:9/liuyan-events');
  await shots(admin, 'admin-webhooks');
  await admin.reload();
  await seeText(admin.getByTestId('webhooks'), '127.0.0.1:9/liuyan-events');
  assert.equal(await admin.getByTestId('webhook-secret').count(), 0, 'the secret is not shown again');
  assert.ok(!(await admin.locator('body').innerText()).includes(secret.trim()));

  // --- a routing rule: Guangzhou + urban construction + 电梯 → the housing bureau ---
  await admin.getByTestId('admin-routing').click();
  await choose(admin, 'rule-region-province', '广东省');
  await choose(admin, 'rule-region-city', '广州市');
  await admin.getByTestId('rule-domain').selectOption('urban_construction');
  await admin.getByTestId('rule-keywords').fill('电梯，加装');
  await choose(admin, 'rule-unit-province', '广东省');
  await choose(admin, 'rule-unit-city', '广州市');
  await admin.getByTestId('rule-unit-q').fill('住房');
  await choose(admin, 'rule-unit', '广州市住房和城乡建设局');
  await admin.getByTestId('rule-submit').click();
  const rules = await seeText(admin.getByTestId('routing-rules'), '广州市住房和城乡建设局');
  assert.ok(rules.includes('电梯') && rules.includes('广州市'), rules);
  await shots(admin, 'admin-routing');

  // --- two messages: one the rule matches, one it does not ---
  const citizen = await api.citizen('13900000101');
  const lift = await api.write(citizen, { leader_id: ids.governor, domain: 'urban_construction', title: '小区加装电梯审批太慢', body: '加装电梯申请半年没有进展。' });
  const bus = await api.write(citizen, { leader_id: ids.governor, domain: 'transport', title: '公交站台缺少遮雨棚', body: '下雨天候车很不方便。' });

  const moderator = await newPage(browser, server.base);
  await logIn(moderator, 'mod-h', PASSWORD);
  for (const m of [lift, bus]) {
    await moderator.goto(`/messages/${m.id}`);
    await moderator.getByTestId('accept').click();
    await seeText(status(moderator), m === lift ? '办理中' : '已受理');
  }
  await moderator.goto(`/messages/${lift.id}`);
  await seeText(moderator.getByTestId('message-unit'), '广州市住房和城乡建设局');
  await seeText(moderator.getByTestId('timeline'), '交办');

  // The unmatched one waits in the routing queue, where the moderator assigns it.
  await moderator.goto('/inbox');
  await moderator.getByTestId('tab-routing').click();
  await seeText(moderator.locator('.message-list'), '公交站台缺少遮雨棚');
  assert.ok(!(await moderator.locator('.message-list').innerText()).includes('小区加装电梯审批太慢'));
  await shots(moderator, 'routing-queue');
  await moderator.getByRole('link', { name: '公交站台缺少遮雨棚' }).click();
  await moderator.getByTestId('assign-unit-q').fill('交通');
  await choose(moderator, 'assign-unit', '广州市交通运输局');
  await moderator.getByTestId('assign-submit').click();
  await seeText(status(moderator), '办理中');

  // --- the webhook's deliveries, with their attempts; pausing it ---
  await admin.goto('/admin/webhooks');
  await admin.getByTestId('webhook-deliveries').click();
  await seeText(admin.getByTestId('deliveries'), 'message.created');
  await seeText(admin.getByTestId('deliveries'), 'message.assigned');
  await shots(admin, 'admin-webhook-deliveries');
  await admin.getByTestId('webhook-toggle').click();
  await seeText(admin.getByTestId('webhook-state'), '已暂停');

  // --- the other admin screens load and save ---
  await admin.goto('/admin/sla');
  await seeText(admin.getByTestId('sla-tiers'), 'urgent');
  await admin.getByTestId('edit-tier-utilities').click();
  await admin.getByTestId('tier-amount').fill('12');
  await admin.getByTestId('tier-submit').click();
  await seeText(admin.getByTestId('sla-tiers'), '12');
  await admin.getByTestId('sla-rule-domain').selectOption('labour_wages');
  await admin.getByTestId('sla-rule-tier').selectOption('urgent');
  await admin.getByTestId('sla-rule-submit').click();
  await seeText(admin.getByTestId('sla-rules'), '劳动欠薪');
  await shots(admin, 'admin-sla');

  await admin.goto('/admin/calendar');
  await admin.getByTestId('calendar-year').fill('2027');
  await seeText(admin.getByTestId('calendar-empty'), '尚无');
  await admin.getByTestId('day-date').fill('2027-01-01');
  await admin.getByTestId('day-name').fill('元旦');
  await admin.getByTestId('day-submit').click();
  await seeText(admin.getByTestId('calendar-days'), '2027-01-01');
  await shots(admin, 'admin-calendar');

  await admin.goto('/admin/reference');
  await choose(admin, 'ref-region-province', '广东省');
  await choose(admin, 'ref-region-city', '广州市');
  await seeText(admin.getByTestId('ref-leaders'), '广州市');
  await admin.getByTestId('unit-name').fill('广州市数据管理局');
  await admin.getByTestId('unit-submit').click();
  await seeText(admin.getByTestId('ref-units'), '广州市数据管理局');
  await shots(admin, 'admin-reference');

  // --- a staff member moves to another unit ---
  await admin.getByTestId('admin-accounts').click();
  await admin.getByTestId('move-account').selectOption({ label: 'gz-housing-h (gz-housing-h)' });
  await choose(admin, 'move-unit-province', '广东省');
  await choose(admin, 'move-unit-city', '广州市');
  await admin.getByTestId('move-unit-q').fill('教育');
  await choose(admin, 'move-unit', '广州市教育局');
  await admin.getByTestId('move-submit').click();
  await seeText(admin.getByTestId('account-row').filter({ hasText: 'gz-housing-h' }), '广州市教育局');
});

test('a notification appears in the header and is marked read', async () => {
  const citizen = await api.citizen('13900000102');
  const m = await api.write(citizen, { leader_id: ids.governor, title: '地铁站出口缺少无障碍坡道', body: '轮椅无法通行。' });
  await api.step(await api.login('mod-h'), m.id, 'accept');

  const page = await newPage(browser, server.base);
  await logIn(page, '13900000102', PASSWORD);
  await seeText(page.getByTestId('unread-count'), '1');
  await page.getByTestId('nav-notifications').click();
  await page.waitForURL('**/notifications');
  const item = page.getByTestId('notification').first();
  assert.equal(await item.getAttribute('data-unread'), 'true');
  await seeText(page.getByTestId('unread-summary'), '未读 1 条');
  await shots(page, 'notifications');
  await item.getByTestId('mark-read').click();
  await seeText(page.getByTestId('unread-summary'), '未读 0 条');
  assert.equal(await page.getByTestId('notification').first().getAttribute('data-unread'), 'false');
  await page.waitForFunction(() => document.querySelector('[data-testid=unread-count]')?.hidden === true);
});

test('a follow-up question: the writer asks, the unit answers, the public sees both', async () => {
  const m = await assignedMessage('13900000103', '夜间公交线路班次太少');
  const unitToken = await api.login('gz-transport-h');
  const reply = await api.step(unitToken, m.id, 'replies', { body: '已将该线路夜间班次由每小时 1 班增至 2 班。', submit: true });
  await api.call('POST', `/replies/${reply.id}/approve`, { token: await api.login('mod-h'), body: {} });

  const citizen = await newPage(browser, server.base);
  await logIn(citizen, m.phone, PASSWORD);
  await citizen.goto(`/messages/${m.id}`);
  await seeText(status(citizen), '已答复');
  await citizen.getByTestId('follow-up-question').fill('增加班次从哪天开始执行？');
  await citizen.getByTestId('follow-up-submit').click();
  await seeText(citizen.getByTestId('follow-ups'), '增加班次从哪天开始执行？');
  await seeText(citizen.getByTestId('follow-ups'), '等待办理单位答复');

  const unit = await newPage(browser, server.base);
  await logIn(unit, 'gz-transport-h', PASSWORD);
  await unit.getByTestId('nav-notifications').click();
  const asked = unit.getByTestId('notification').filter({ hasText: `#${m.id}` }).first();
  await seeText(asked, '追问');
  await seeText(unit.getByTestId('unread-count'), ''); // the bell counts the unit's unread notifications
  await unit.goto(`/messages/${m.id}`);
  await unit.getByTestId('follow-up-answer-input').fill('自下月 1 日起执行。');
  await unit.getByTestId('follow-up-answer-submit').click();
  await seeText(unit.getByTestId('follow-up-answer'), '自下月 1 日起执行。');

  const visitor = await newPage(browser, server.base);
  await visitor.goto(`/messages/${m.id}`);
  const fu = await seeText(visitor.getByTestId('follow-ups'), '增加班次从哪天开始执行？');
  assert.ok(fu.includes('自下月 1 日起执行。'), fu);
  assert.equal(await visitor.getByTestId('follow-up-form').count(), 0, 'visitors cannot ask');
  await seeText(visitor.getByTestId('timeline'), '追问答复');
  await shots(visitor, 'message-follow-up');
});

test('a joint reply: the unit answers two messages at once, the moderator publishes it, the public browses it, each writer rates', async () => {
  const a = await assignedMessage('13900000104', '学校门口早高峰拥堵');
  const b = await assignedMessage('13900000105', '小学周边缺少临时停车位');

  const unit = await newPage(browser, server.base);
  await logIn(unit, 'gz-transport-h', PASSWORD);
  await unit.goto('/inbox');
  await unit.getByTestId('new-joint-reply').click();
  await unit.waitForURL('**/joint-replies/new');
  await unit.getByLabel('学校门口早高峰拥堵').check();
  await unit.getByLabel('小学周边缺少临时停车位').check();
  await seeText(unit.getByTestId('joint-chosen'), '已选 2 条');
  await unit.getByTestId('joint-title').fill('关于学校周边交通组织的统一答复');
  await unit.getByTestId('joint-body').fill('我局已会同交警部门在学校周边设置临时停车区，并在早高峰安排专人疏导。');
  await shots(unit, 'joint-reply-new');
  await unit.getByTestId('joint-submit').click();
  await unit.waitForURL(/\/joint-replies\/\d+$/);
  await seeText(unit.getByTestId('joint-reply-status'), '审核中');

  const moderator = await newPage(browser, server.base);
  await logIn(moderator, 'mod-h', PASSWORD);
  await moderator.goto(`/messages/${a.id}`);
  await moderator.getByTestId('review-joint-link').click(); // the member's review leads to the joint reply
  await moderator.getByTestId('approve-joint').click();
  await seeText(moderator.getByTestId('joint-reply-status'), '已发布');

  const visitor = await newPage(browser, server.base);
  await visitor.goto('/');
  await visitor.getByTestId('nav-joint-replies').click();
  await seeText(visitor.getByTestId('joint-replies'), '关于学校周边交通组织的统一答复');
  await shots(visitor, 'joint-replies');
  await visitor.getByRole('link', { name: '关于学校周边交通组织的统一答复' }).click();
  const members = await seeText(visitor.getByTestId('joint-messages'), '学校门口早高峰拥堵');
  assert.ok(members.includes('小学周边缺少临时停车位'), members);
  await shots(visitor, 'joint-reply');
  await visitor.getByRole('link', { name: '小学周边缺少临时停车位' }).click();
  await seeText(visitor.getByTestId('replies'), '临时停车区');

  // Each writer rates the answer to their own message.
  for (const m of [a, b]) {
    const writer = await newPage(browser, server.base);
    await logIn(writer, m.phone, PASSWORD);
    await writer.goto(`/messages/${m.id}`);
    await seeText(status(writer), '已答复');
    await writer.getByTestId(m === a ? 'sat-satisfied' : 'sat-basically_satisfied').check();
    await writer.getByTestId('rate-submit').click();
    await seeText(status(writer), '已办结');
  }
});

test('supervision: an instruction deadline passes, the unit explains, a moderator closes it', async () => {
  // The leader's instruction sets a deadline a few seconds ahead; the server's own background job
  // (real clock) opens the supervision once it has passed.
  const due = new Date(Date.now() + 3000).toISOString();
  const m = await assignedMessage('13900000106', '路口信号灯配时不合理', { text: '请限期答复', priority: 'urgent', due_at: due });
  const mod = await api.login('mod-h');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const page = await api.call('GET', '/supervisions?state=open', { token: mod });
    if (page.items.some((s) => s.message_id === m.id)) break;
    if (Date.now() > deadline) throw new Error('no supervision opened within 30 s');
    await new Promise((r) => setTimeout(r, 300));
  }

  const unit = await newPage(browser, server.base);
  await logIn(unit, 'gz-transport-h', PASSWORD);
  await unit.goto('/inbox');
  await seeText(unit.locator('.message-list'), '已超期');
  await unit.getByTestId('nav-supervisions').click();
  const card = unit.getByTestId('supervision').filter({ hasText: `#${m.id}` });
  await seeText(card.getByTestId('supervision-state'), '督办中');
  await shots(unit, 'supervisions');
  await card.getByTestId('supervision-text').fill('已安排交警现场测量车流，本周内调整配时。');
  await card.getByTestId('supervision-submit').click();
  await unit.getByTestId('sv-tab-responded').click();
  await seeText(unit.getByTestId('supervision').filter({ hasText: `#${m.id}` }).getByTestId('supervision-response'), '本周内调整配时');
  await unit.goto(`/messages/${m.id}`);
  await seeText(unit.getByTestId('deadline'), '已超期');
  await seeText(unit.getByTestId('message-supervision'), '已说明');

  const moderator = await newPage(browser, server.base);
  await logIn(moderator, 'mod-h', PASSWORD);
  await moderator.goto('/supervisions');
  await moderator.getByTestId('sv-tab-responded').click();
  const row = moderator.getByTestId('supervision').filter({ hasText: `#${m.id}` });
  await row.getByTestId('supervision-text').fill('单位已说明并承诺本周调整。');
  await row.getByTestId('supervision-submit').click();
  await moderator.getByTestId('sv-tab-closed').click();
  await seeText(moderator.getByTestId('supervision').filter({ hasText: `#${m.id}` }).getByTestId('supervision-state'), '已结束');

  // The office sees the list too, without steps to take.
  const office = await newPage(browser, server.base);
  await logIn(office, 'gd-office-h', PASSWORD);
  await office.goto('/supervisions');
  await office.getByTestId('sv-tab-all').click();
  await seeText(office.getByTestId('supervisions'), `#${m.id}`);
  assert.equal(await office.getByTestId('supervision-submit').count(), 0);
});
