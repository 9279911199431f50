// For the UI tests only: a cookie-keeping browser stand-in over app.request.
import assert from 'node:assert/strict';

export const ORIGIN = 'http://zicht.test';

/** A tiny cookie-keeping client over app.request (any app: the UI alone or the whole runtime). */
export function uiClient(app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> }) {
  const jar = new Map<string, string>();
  async function req(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await app.request(`${ORIGIN}${path}`, {
      ...init,
      headers: { host: 'zicht.test', ...(cookie ? { cookie } : {}), ...init.headers },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      if (/Max-Age=0/i.test(c) || v === '') jar.delete(k!);
      else jar.set(k!, v!);
    }
    return res;
  }
  async function csrf(path: string): Promise<string> {
    const html = await (await req(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    assert.ok(m, `csrf field on ${path}`);
    return m[1]!;
  }
  async function post(
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = { origin: ORIGIN },
  ): Promise<Response> {
    return req(path, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }
  async function login(token: string): Promise<Response> {
    return post('/inloggen', { _csrf: await csrf('/inloggen'), token });
  }
  return { req, csrf, post, login, jar, app };
}
