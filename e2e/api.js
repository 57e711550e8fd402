// Setting the scene through the public JSON API (never behind its back), so that a browser test
// spends its clicks on the screen it is about.
import { ADMIN } from './helpers.js';

export const PASSWORD = 'e2e-pass-2026';

export class Api {
  constructor(base) {
    this.base = base;
  }

  async call(method, path, { token, body, headers = {} } = {}) {
    const r = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    const json = text ? JSON.parse(text) : null;
    if (!r.ok) throw new Error(`${method} ${path} answered ${r.status}: ${text}`);
    return json;
  }

  async login(login, password = PASSWORD) {
    return (await this.call('POST', '/auth/login', { body: { login, password } })).access_token;
  }

  async admin() {
    return this.login(ADMIN.login, ADMIN.password);
  }

  async leader(region, title) {
    const list = await this.call('GET', `/leaders?region=${region}`);
    return list.find((l) => l.title === title).id;
  }

  async unit(region, q) {
    const page = await this.call('GET', `/units?region=${region}&q=${encodeURIComponent(q)}`);
    return page.items[0].id;
  }

  /** An admin creates a staff account; `bind` is `{ unit_id }` or `{ leader_id }`. */
  async staff(role, username, bind = {}) {
    const token = await this.admin();
    await this.call('POST', '/admin/accounts', {
      token,
      body: { role, username, display_name: username, password: PASSWORD, ...bind },
    });
    return username;
  }

  async citizen(phone) {
    return (await this.call('POST', '/auth/register', { body: { role: 'citizen', phone, password: PASSWORD } })).access_token;
  }

  /** Registers an enterprise with a valid unified social credit code (GB 32100-2015); `n` makes it unique. */
  async enterprise(name, n) {
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const first17 = `91440100${String(n).padStart(9, '0')}`;
    const sum = [...first17].reduce((acc, c, i) => acc + chars.indexOf(c) * weights[i], 0);
    const uscc = first17 + chars[(31 - (sum % 31)) % 31];
    const body = { role: 'enterprise', enterprise_name: name, uscc, password: PASSWORD };
    return { token: (await this.call('POST', '/auth/register', { body })).access_token, uscc };
  }

  async write(token, message) {
    const key = `e2e-${Date.now()}-${Math.random()}`;
    return this.call('POST', '/messages', {
      token,
      body: { region_code: '440100', message_type: 'complaint', domain: 'transport', ...message },
      headers: { 'Idempotency-Key': key },
    });
  }

  step(token, id, step, body = {}) {
    return this.call('POST', `/messages/${id}/${step}`, { token, body });
  }
}
