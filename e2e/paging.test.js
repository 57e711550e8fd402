// Paged lists in the browser, on generated messages: the board and search results show the API's
// first page, "load more" appends the next one in order, and changing a filter starts again from the
// first page of the new list.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Api } from './api.js';
import { launchBrowser, newPage, startServer } from './helpers.js';

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

/** The message ids a list shows, in order. */
const shown = (page, list) =>
  page.locator(`[data-testid=${list}] a.card-title`).evaluateAll((links) =>
    links.map((a) => Number(a.getAttribute('href').split('/').pop())),
  );

/** Waits until the list shows exactly `ids`, then checks it. */
async function shows(page, list, ids) {
  await page.waitForFunction(
    ([list, want]) => {
      const got = [...document.querySelectorAll(`[data-testid=${list}] a.card-title`)].map((a) =>
        Number(a.getAttribute('href').split('/').pop()),
      );
      return JSON.stringify(got) === JSON.stringify(want);
    },
    [list, ids],
  );
  assert.deepEqual(await shown(page, list), ids);
}

test('a visitor pages through the board and through search results', async () => {
  const first = await api.call('GET', '/messages');
  assert.equal(first.items.length, 20);
  assert.ok(first.next_cursor, 'more than one page');
  const second = await api.call('GET', `/messages?cursor=${first.next_cursor}`);
  const ids = (p) => p.items.map((m) => m.id);

  const page = await newPage(browser, server.base);
  await page.goto('/messages');
  await shows(page, 'messages', ids(first));
  await page.getByTestId('load-more').click();
  await shows(page, 'messages', [...ids(first), ...ids(second)]);

  // A filter starts the list again from its own first page.
  const transport = await api.call('GET', '/messages?domain=transport');
  assert.ok(transport.next_cursor, 'transport fills more than a page');
  await page.getByTestId('filter-domain').selectOption('transport');
  await shows(page, 'messages', ids(transport));
  await page.getByTestId('load-more').click();
  const transport2 = await api.call('GET', `/messages?domain=transport&cursor=${transport.next_cursor}`);
  await shows(page, 'messages', [...ids(transport), ...ids(transport2)]);
  await page.getByTestId('filter-domain').selectOption('');

  // Search results page the same way; the busiest hot word has more than a page of them.
  const [top] = (await api.call('GET', '/stats/hot-words?limit=1')).words;
  const q = encodeURIComponent(top.word);
  const hits = await api.call('GET', `/messages/search?q=${q}`);
  assert.ok(hits.next_cursor, `${top.word}: more than a page of results`);
  const hits2 = await api.call('GET', `/messages/search?q=${q}&cursor=${hits.next_cursor}`);
  const hitIds = (p) => p.items.map((h) => h.message.id);
  await page.getByTestId('search-q').fill(top.word);
  await page.getByTestId('search-submit').click();
  await shows(page, 'search-results', hitIds(hits));
  await page.getByTestId('load-more').click();
  await shows(page, 'search-results', [...hitIds(hits), ...hitIds(hits2)]);
});
