// The whole message road in the browser, by clicks and typing, against the real server:
// the admin creates the staff; a citizen registers and writes to 广东省省长; the moderator accepts;
// the governor's office assigns it to 广州市住房和城乡建设局; the unit replies; the moderator returns a
// first reply and approves the second; the citizen is dissatisfied (reopened), the unit answers again,
// the citizen is satisfied (closed); a visitor sees the reply and the timeline.
// Screenshots of the home page, the message page, the write form and the staff inbox at 1280 and 375 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, choose, launchBrowser, logIn, newPage, screenshot, seeText, startServer } from './helpers.js';

const PASSWORD = 'e2e-pass-2026';
const STAFF = {
  moderator: { username: 'mod-e2e', name: '平台审核员' },
  office: { username: 'gd-office-e2e', name: '广东省省长办公室' },
  unit: { username: 'gz-housing-e2e', name: '广州市住建局信访科' },
};
const CITIZEN_PHONE = '13900000002';
const TITLE = '老旧小区加装电梯进展缓慢';
const BODY = '我们小区的加装电梯申请已提交半年仍无答复，请相关部门核实进度。联系电话13900000002。';
const INSTRUCTION = '请市住建局核实并答复';
const REPLY_1 = '您好！该小区加装电梯项目已完成规划公示，施工许可将于本月内核发。';
const REPLY_2 = '您好！施工许可已于本周核发，施工单位将于下月进场，届时将在小区公告栏公示工期。';

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

async function createStaff(page, role, { username, name }, bind) {
  await page.getByTestId('role').selectOption(role);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('display_name').fill(name);
  await page.getByTestId('password').fill(PASSWORD);
  await bind();
  await page.getByTestId('create-submit').click();
  await seeText(page.getByTestId('notice'), '账号已创建');
  await seeText(page.getByTestId('accounts'), username);
}

/** Opens a message from the signed-in person's list (inbox or my messages) by clicking its title. */
async function openFromList(page, title) {
  await page.getByRole('link', { name: title }).first().click();
  await seeText(page.getByTestId('message-title'), title);
}

const status = (page) => page.getByTestId('message').getByTestId('status');

test('a message goes the whole road, by clicks and typing', async () => {
  // --- the admin creates the staff accounts ---
  const admin = await newPage(browser, server.base);
  await logIn(admin, ADMIN.login, ADMIN.password);
  await admin.waitForURL('**/admin/accounts');
  await createStaff(admin, 'moderator', STAFF.moderator, async () => {});
  await createStaff(admin, 'leader_office', STAFF.office, async () => {
    await choose(admin, 'staff-region-province', '广东省');
    await choose(admin, 'staff-leader', '广东省省长');
  });
  await createStaff(admin, 'unit_staff', STAFF.unit, async () => {
    await choose(admin, 'staff-unit-province', '广东省');
    await choose(admin, 'staff-unit-city', '广州市');
    await admin.getByTestId('staff-unit-q').fill('住房');
    await choose(admin, 'staff-unit', '广州市住房和城乡建设局');
  });

  // --- a citizen registers and writes to the governor about Guangzhou ---
  const citizen = await newPage(browser, server.base);
  await citizen.goto('/');
  await citizen.getByTestId('nav-register').click();
  await citizen.getByTestId('phone').fill(CITIZEN_PHONE);
  await citizen.getByTestId('password').fill(PASSWORD);
  await citizen.getByTestId('register-submit').click();
  await citizen.waitForURL('**/me/messages');
  await citizen.getByTestId('nav-write').click();
  await choose(citizen, 'write-region-province', '广东省');
  await choose(citizen, 'write-region-city', '广州市');
  await choose(citizen, 'leader_id', '广东省省长');
  await citizen.getByTestId('message_type').selectOption('complaint');
  await citizen.getByTestId('domain').selectOption('urban_construction');
  await citizen.getByTestId('title').fill(TITLE);
  await citizen.getByTestId('body').fill(BODY);
  for (const w of [1280, 375]) assert.equal(await screenshot(citizen, 'write-form', w), 0, `write form scrolls sideways at ${w}px`);
  await citizen.setViewportSize({ width: 1280, height: 800 });
  await citizen.getByTestId('write-submit').click();
  await citizen.waitForURL(/\/messages\/\d+$/);
  const messagePath = new URL(citizen.url()).pathname;
  await seeText(status(citizen), '待审核');
  await seeText(citizen.getByTestId('message-body'), '联系电话13900000002'); // the writer sees it unmasked

  // --- the moderator screens it from the screening queue ---
  const moderator = await newPage(browser, server.base);
  await logIn(moderator, STAFF.moderator.username, PASSWORD);
  await moderator.waitForURL('**/inbox');
  await seeText(moderator.getByRole('tab', { selected: true }), '待审核留言');
  await seeText(moderator.getByTestId('message-item').first(), TITLE);
  for (const w of [1280, 375]) assert.equal(await screenshot(moderator, 'staff-inbox', w), 0, `inbox scrolls sideways at ${w}px`);
  await moderator.setViewportSize({ width: 1280, height: 800 });
  await openFromList(moderator, TITLE);
  await moderator.getByTestId('accept').click();
  await seeText(status(moderator), '已受理');

  // --- the governor's office assigns it to the city's housing bureau, with an instruction ---
  const office = await newPage(browser, server.base);
  await logIn(office, STAFF.office.username, PASSWORD);
  await openFromList(office, TITLE);
  await office.getByTestId('assign-unit-q').fill('住房');
  await choose(office, 'assign-unit', '广州市住房和城乡建设局');
  await office.getByTestId('assign-note').fill(INSTRUCTION);
  await office.getByTestId('assign-submit').click();
  await seeText(status(office), '办理中');
  await seeText(office.getByTestId('message-unit'), '广州市住房和城乡建设局');

  // --- the unit drafts, then submits a reply ---
  const unit = await newPage(browser, server.base);
  await logIn(unit, STAFF.unit.username, PASSWORD);
  await openFromList(unit, TITLE);
  await seeText(unit.getByTestId('timeline'), INSTRUCTION);
  await unit.getByTestId('reply-body-input').fill('草稿：正在核实');
  await unit.getByTestId('reply-save-draft').click();
  await seeText(unit.getByTestId('replies'), '草稿');
  await unit.getByTestId('reply-body-input').fill(REPLY_1);
  await unit.getByTestId('reply-submit').click();
  await seeText(status(unit), '答复审核中');

  // --- the moderator returns it once with a reason, the unit answers again, the moderator approves ---
  await moderator.goto('/inbox');
  await moderator.getByTestId('tab-reply-review').click();
  await openFromList(moderator, TITLE);
  await moderator.getByTestId('return-reason-input').fill('请写明施工许可的具体核发时间');
  await moderator.getByTestId('return-reply').click();
  await seeText(status(moderator), '办理中');

  await unit.reload();
  await seeText(unit.getByTestId('replies'), '请写明施工许可的具体核发时间'); // the return reason reaches the unit
  await unit.getByTestId('reply-body-input').fill(REPLY_1);
  await unit.getByTestId('reply-submit').click();
  await seeText(status(unit), '答复审核中');

  await moderator.goto('/inbox');
  await moderator.getByTestId('tab-reply-review').click();
  await openFromList(moderator, TITLE);
  await moderator.getByTestId('approve-reply').click();
  await seeText(status(moderator), '已答复');

  // --- the citizen sees the reply and is dissatisfied: the message reopens ---
  await citizen.getByTestId('nav-mine').click();
  await openFromList(citizen, TITLE);
  await seeText(citizen.getByTestId('replies'), REPLY_1);
  await citizen.getByTestId('sat-dissatisfied').check();
  await citizen.getByTestId('rate-speed').selectOption('2');
  await citizen.getByTestId('rate-comment').fill('没有说明具体开工时间');
  await citizen.getByTestId('rate-submit').click();
  await seeText(status(citizen), '重新办理');

  // --- second round: the unit answers, the moderator approves, the citizen is satisfied ---
  await unit.reload();
  await unit.getByTestId('reply-body-input').fill(REPLY_2);
  await unit.getByTestId('reply-submit').click();
  await seeText(status(unit), '答复审核中');
  await moderator.goto('/inbox');
  await moderator.getByTestId('tab-reply-review').click();
  await openFromList(moderator, TITLE);
  await moderator.getByTestId('approve-reply').click();
  await seeText(status(moderator), '已答复');
  await citizen.reload();
  await seeText(citizen.getByTestId('replies'), REPLY_2);
  await citizen.getByTestId('sat-satisfied').check();
  await citizen.getByTestId('rate-comment').fill('答复清楚，谢谢！');
  await citizen.getByTestId('rate-submit').click();
  await seeText(status(citizen), '已办结');

  // --- a visitor reads it: masked text, both replies, the ratings and the timeline ---
  const visitor = await newPage(browser, server.base);
  await visitor.goto('/');
  await seeText(visitor.getByTestId('latest'), TITLE);
  for (const w of [1280, 375]) assert.equal(await screenshot(visitor, 'home', w), 0, `home scrolls sideways at ${w}px`);
  await visitor.setViewportSize({ width: 1280, height: 800 });
  await visitor.getByRole('link', { name: TITLE }).first().click();
  assert.equal(new URL(visitor.url()).pathname, messagePath);
  await seeText(status(visitor), '已办结');
  await seeText(visitor.getByTestId('message-body'), '139****0002');
  const replies = await seeText(visitor.getByTestId('replies'), REPLY_1);
  assert.ok(replies.includes(REPLY_2), 'both published replies are public');
  assert.ok(!replies.includes('草稿'), 'drafts are not public');
  await seeText(visitor.getByTestId('ratings'), '不满意');
  const timeline = visitor.getByTestId('timeline');
  for (const step of ['提交留言', '平台受理', '交办', INSTRUCTION, '答复发布', '留言人评价', '重新办理', '办结']) {
    await seeText(timeline, step);
  }
  for (const w of [1280, 375]) assert.equal(await screenshot(visitor, 'message', w), 0, `message page scrolls sideways at ${w}px`);
});
