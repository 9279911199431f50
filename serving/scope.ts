import { ZichtError } from '../core/index.ts';
import { gemeenteOf, levelOf } from '../features/index.ts';
import type { CardScope } from '../model-cards/index.ts';
import type { Principal } from './auth/tokens.ts';
import type { AreaScore, ServingModel } from './scores.ts';

/**
 * The one scope rule of zicht, used by every route, page, export and card rendering: a scoped
 * principal (marine, analyst) sees the areas of their own gemeente and nothing else; others see
 * every municipality. Areas under the minimum population are never shown to anyone.
 */
export function inScope(p: Pick<Principal, 'municipality'>, gemeente: string): boolean {
  return p.municipality === null || p.municipality === gemeente;
}

/** What a reader of a model card may see of its map. */
export function cardScopeOf(p: Pick<Principal, 'municipality'>): CardScope {
  return { municipality: p.municipality };
}

/** The same answer for an unknown, out-of-scope or suppressed area: nothing is revealed. */
function areaNotFound(code: string): ZichtError {
  return new ZichtError('NOT_FOUND', `area '${code}' not found`, { code });
}

/** Whether a code lies outside the version's domain (level or municipalities). */
function outOfDomain(m: ServingModel, code: string): boolean {
  const d = m.scores.domain;
  return levelOf(code) !== d.level || (!d.national && !d.municipalities.includes(gemeenteOf(code)));
}

function domainError(m: ServingModel, what: string): ZichtError {
  const d = m.scores.domain;
  return new ZichtError(
    'OUT_OF_DOMAIN',
    `${what} lies outside the domain of ${m.name}@${m.version}: it was trained on ${d.level} level for ${d.national ? 'the whole country' : d.municipalities.join(', ')} and scores nothing else`,
    { model: `${m.name}@${m.version}` },
  );
}

/**
 * An area the principal may see, or an error: out of scope, unknown and suppressed areas get the
 * same NOT_FOUND; an area the principal could see but the version was not trained for gets
 * OUT_OF_DOMAIN.
 */
export function visibleArea(p: Pick<Principal, 'municipality'>, m: ServingModel, code: string): AreaScore {
  const gm = levelOf(code) === 'gemeente' ? code : gemeenteOf(code);
  if (!inScope(p, gm)) throw areaNotFound(code);
  const a = m.byCode.get(code);
  if (a && !a.suppressed) return a;
  if (!a && outOfDomain(m, code)) throw domainError(m, `area '${code}'`);
  throw areaNotFound(code);
}

/** The shown areas of one gemeente the principal may see (out of scope: NOT_FOUND; outside the domain: OUT_OF_DOMAIN). */
export function visibleAreasOf(p: Pick<Principal, 'municipality'>, m: ServingModel, gemeente: string): AreaScore[] {
  if (!inScope(p, gemeente) || levelOf(gemeente) !== 'gemeente')
    throw new ZichtError('NOT_FOUND', `no areas for municipality '${gemeente}'`, { municipality: gemeente });
  const d = m.scores.domain;
  if (!d.national && !d.municipalities.includes(gemeente)) throw domainError(m, `municipality ${gemeente}`);
  return m.scores.areas.filter((a) => a.gemeente === gemeente);
}
