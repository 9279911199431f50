/**
 * The scope rule as a property over the API: for any role, its municipality, and any code asked
 * for — own, foreign, suppressed, unknown or malformed — an area is answered only when it is in
 * scope and shown; every refusal is byte-identical to the answer for a code that does not exist;
 * a list never holds another municipality's or a suppressed area.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ROLES } from './auth/tokens.ts';
import { fixtureApp, fixtureScores } from './test-fixtures.test-support.ts';

const f = fixtureApp({ rateLimit: { capacity: 1e9, perSecond: 1e9 } });
after(() => f.db.close());
const areas = fixtureScores(1).areas;
const gemeenten = ['GM9001', 'GM9002', 'GM0363'];
const SCOPED = new Set(['marine', 'analyst']);
const tokens = new Map<string, string>();
const tokenOf = (role: string, gm: string | null) => {
  const k = `${role}|${gm}`;
  if (!tokens.has(k)) tokens.set(k, f.token(role, gm ?? undefined));
  return tokens.get(k)!;
};
const code = fc.oneof(
  fc.constantFrom(...areas.map((a) => a.code)),
  fc.integer({ min: 0, max: 99 }).map((i) => `WK9001${String(i).padStart(2, '0')}`),
  fc.constantFrom('WK036300', 'BU90010001', 'GM9001'),
);
const principal = fc.record({
  role: fc.constantFrom(...ROLES),
  municipality: fc.constantFrom(...gemeenten),
});

test('an area is answered only in scope and shown; every refusal looks like an unknown code', async () => {
  await fc.assert(
    fc.asyncProperty(principal, code, async ({ role, municipality }, asked) => {
      const scoped = SCOPED.has(role);
      const t = tokenOf(role, scoped ? municipality : null);
      const get = (c: string) =>
        f.app.request(`/v1/areas/${c}`, { headers: { authorization: `Bearer ${t}`, 'x-purpose': 'property' } });
      const res = await get(asked);
      const a = areas.find((x) => x.code === asked);
      const visible = a !== undefined && !a.suppressed && (!scoped || a.gemeente === municipality);
      const body = await res.text();
      if (res.status === 200) {
        assert.ok(visible, `${role} of ${municipality} got ${asked}`);
        assert.equal(JSON.parse(body).code, asked);
        return;
      }
      assert.ok(!visible || res.status === 403, `${role} of ${municipality} was refused ${asked}: ${res.status}`);
      if (res.status === 404 && a !== undefined) {
        // a known area refused: indistinguishable from a code in the same municipality that does not exist
        const unknown = `${asked.slice(0, 6)}99`;
        const other = await get(unknown);
        assert.equal(other.status, 404);
        assert.equal(body.replace(asked, 'X'), (await other.text()).replace(unknown, 'X'));
      }
    }),
    { numRuns: 300 },
  );
});

test('a list never holds an area of another municipality or a suppressed one', async () => {
  await fc.assert(
    fc.asyncProperty(
      principal,
      fc.option(fc.constantFrom(...gemeenten), { nil: undefined }),
      async ({ role, municipality }, asked) => {
        const scoped = SCOPED.has(role);
        const t = tokenOf(role, scoped ? municipality : null);
        const q = asked ? `?municipality=${asked}&pageSize=100` : '?pageSize=100';
        const res = await f.app.request(`/v1/areas${q}`, { headers: { authorization: `Bearer ${t}` } });
        if (res.status !== 200) return;
        const items = ((await res.json()) as { items: { code: string; gemeente: string }[] }).items;
        for (const it of items) {
          const a = areas.find((x) => x.code === it.code)!;
          assert.ok(!a.suppressed, `${it.code} is suppressed`);
          if (scoped) assert.equal(it.gemeente, municipality, `${role} of ${municipality} listed ${it.code}`);
          if (asked) assert.equal(it.gemeente, asked);
        }
      },
    ),
    { numRuns: 150 },
  );
});
