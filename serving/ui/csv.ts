/**
 * The municipality's list as CSV for a meeting: one row per area in rank order, the caveat as a
 * comment line on top. Dutch spreadsheets expect `;` between fields and a decimal comma; the
 * English export uses `,` and a decimal point. UTF-8 with a byte-order mark, so Excel reads
 * the names right.
 */
import type { AreaMap, Lang } from './deps.ts';
import { periodLabel } from './format.ts';
import type { Translate } from './i18n.ts';

/** A text field: quoted when needed; a leading =, +, -, @ is defused so no spreadsheet runs it as a formula. */
function field(s: string, sep: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /["\r\n]/.test(safe) || safe.includes(sep) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function decimal(lang: Lang, x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  const s = x.toFixed(digits);
  return lang === 'nl' ? s.replace('.', ',') : s;
}

// score, rank, interval: figures we formatted ourselves
const NUMERIC = new Set([2, 5, 6, 7]);

/** The CSV text of a map. `today` is the export date (YYYY-MM-DD). */
export function areasCsv(map: AreaMap, t: Translate, lang: Lang, today: string): string {
  const sep = lang === 'nl' ? ';' : ',';
  const c = map.context;
  // a probability as a percentage, as the pages show it; a rate per 1,000 inhabitants as it is
  const percent = c.unit.kind === 'probability';
  const digits = percent ? 2 : 3;
  const scale = (x: number | null | undefined) => (x === null || x === undefined ? x : percent ? 100 * x : x);
  const unit = percent ? t('csv.percent', { unit: c.unit.label }) : t('csv.perThousand');
  const version = `${c.model.name}@${c.model.version}`;
  const period = periodLabel(t, c.period);
  const head = [
    'csv.code',
    'csv.name',
    'csv.score',
    'csv.unit',
    'csv.band',
    'csv.rank',
    'csv.low',
    'csv.high',
    'csv.version',
    'csv.period',
    'csv.date',
  ] as const;
  const ranked = [...map.areas].sort(
    (a, b) =>
      (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) || a.name.localeCompare(b.name),
  );
  const rows = ranked.map((a) => {
    const shown = !a.suppressed && a.score !== null && a.band !== null;
    return [
      a.code,
      a.name,
      shown ? decimal(lang, scale(a.score), digits) : '',
      unit,
      shown && a.band ? t(`band.${a.band}`) : t('map.suppressed'),
      shown && a.rank !== null ? String(a.rank) : '',
      shown ? decimal(lang, scale(a.interval?.low), digits) : '',
      shown ? decimal(lang, scale(a.interval?.high), digits) : '',
      version,
      period,
      today,
    ];
  });
  const comments = [
    `# ${t('area.caveat')}`,
    `# ${t('csv.about', { name: map.gemeente.name, version, verdict: t(`verdict.${c.verdict}`) })}`,
    ...(c.synthetic ? [`# ${t('synthetic.banner')}`] : []),
  ];
  const lines = [
    // comment lines are ours: kept as they are (one line each), so a reader that skips `#` lines skips them
    ...comments.map((l) => l.replace(/[\r\n]+/g, ' ')),
    head.map((k) => field(t(k), sep)).join(sep),
    ...rows.map((r) => r.map((x, i) => (NUMERIC.has(i) ? x : field(x, sep))).join(sep)),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
