import type { ModelCard } from './card.ts';
import { calibrationChart, disparityChart, importanceChart, mapChart, rocChart, shapeChart } from './charts.ts';
import { VERDICT_WORDS, fieldWords, word, type CardLang } from './messages.ts';
import { featureLabel, sourceNames, verdictSentences, type CardNames } from './statements.ts';
import { methodsSentence, risks } from './use-statements.ts';
import { sections, status, type Section } from './sections.ts';

export type { CardLang };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Options of the renderers. */
export interface RenderOptions {
  /** Boundaries of the card's level, for its map. */
  readonly geometry?: Geometry;
  /** Municipality names by code, so the card names places rather than codes. */
  readonly names?: CardNames;
}

type Geometry = readonly { code: string; geometry: unknown }[];

/** Options, or (as before) just the boundaries. */
const options = (o: RenderOptions | Geometry): RenderOptions =>
  Array.isArray(o) ? { geometry: o } : (o as RenderOptions);

const missingWords = (lang: CardLang, card: ModelCard) =>
  card.completeness.missing.map((f) => fieldWords(lang, f)).join(', ');

/** The card as Markdown. */
export function renderMarkdown(card: ModelCard, lang: CardLang = 'nl', o: RenderOptions = {}): string {
  const opts = options(o);
  const out = [
    `# ${word(lang, 'title')}: ${card.modelDetails.name}@${card.modelDetails.version} (${status(lang, card.modelDetails.status)})`,
    '',
  ];
  if (card.modelDetails.synthetic) out.push(`> **${word(lang, 'synthetic')}**`, '');
  out.push(
    card.completeness.complete
      ? `✓ ${word(lang, 'complete')}`
      : `**${word(lang, 'missing')}:** ${missingWords(lang, card)}`,
    '',
  );
  for (const s of sections(card, lang, opts.names ?? new Map())) {
    out.push(`## ${s.title}`, '');
    for (const p of s.paragraphs ?? []) out.push(p, '');
    if (s.rows?.length)
      out.push('| | |', '|---|---|', ...s.rows.map(([k, v]) => `| ${mdCell(k)} | ${mdCell(v)} |`), '');
    if (s.table?.body.length)
      out.push(
        `| ${s.table.head.map(mdCell).join(' | ')} |`,
        `|${s.table.head.map(() => '---').join('|')}|`,
        ...s.table.body.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
        '',
      );
    if (s.list?.length) out.push(...s.list.map((l) => `- ${l}`), '');
  }
  return out.join('\n');
}

function sectionHtml(s: Section, charts: string): string {
  const wrap = (table: string) => `<div class="card-table">${table}</div>`;
  const rows = s.rows?.length
    ? wrap(
        `<table><tbody>${s.rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`,
      )
    : '';
  const table = s.table?.body.length
    ? wrap(
        `<table><thead><tr>${s.table.head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${s.table.body.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`,
      )
    : '';
  return `<section id="${s.id}"><h2>${esc(s.title)}</h2>${(s.paragraphs ?? []).map((p) => `<p>${esc(p)}</p>`).join('')}${rows}${table}${s.list?.length ? `<ul>${s.list.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` : ''}${charts}</section>`;
}

/** The card body as an HTML fragment (for the web UI); `renderHtml` wraps it in a printable page. */
export function renderHtmlBody(card: ModelCard, lang: CardLang = 'nl', o: RenderOptions | Geometry = {}): string {
  const opts = options(o);
  const t = (id: Parameters<typeof word>[1]) => word(lang, id);
  const feature = (f: string) => featureLabel(lang, card, f);
  const q = card.quantitative;
  const fig = (svg: string, caption: string) => `<figure>${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
  const charts: Record<string, string> = {
    accuracy: `${q.roc.length ? fig(rocChart(lang, q.roc, t('roc')), t('roc')) : ''}${q.calibration.length ? fig(calibrationChart(lang, q.calibration, t('calibration')), t('calibration')) : ''}${fig(importanceChart(lang, q.importance, feature, t('importance')), t('importance'))}${
      q.shapeFunctions.length
        ? `<h3>${t('shapes')}</h3>${q.shapeFunctions
            .slice(0, 8)
            .map((s) => `<figure>${shapeChart(s, feature(s.feature))}</figure>`)
            .join('')}`
        : ''
    }`,
    fairness: card.fairness.slices.length
      ? fig(disparityChart(lang, card.fairness.slices, card.fairness.band, t('disparity')), t('disparity'))
      : '',
  };
  const geometry = opts.geometry ?? [];
  const map =
    geometry.length && card.map.length
      ? `<section id="map"><h2>${t('map')}</h2><figure>${mapChart(card.map, geometry, t('map'))}</figure></section>`
      : '';
  return `<h1>${t('title')}: ${esc(card.modelDetails.name)}@${card.modelDetails.version} <small>(${esc(status(lang, card.modelDetails.status))})</small></h1>
${card.modelDetails.synthetic ? `<p class="banner">${t('synthetic')}</p>` : ''}
<p class="verdict verdict--${card.verdict.status}"><strong>${esc(VERDICT_WORDS[card.verdict.status]![lang])}</strong></p>
${card.completeness.complete ? `<p class="complete">✓ ${t('complete')}</p>` : `<p class="missing"><strong>${t('missing')}:</strong> ${esc(missingWords(lang, card))}</p>`}
${sections(card, lang, opts.names ?? new Map())
  .map((s) => sectionHtml(s, charts[s.id] ?? ''))
  .join('\n')}${map}`;
}

/** The card as a standalone, print-friendly HTML page with inline SVG charts. */
export function renderHtml(card: ModelCard, lang: CardLang = 'nl', opts: RenderOptions | Geometry = {}): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${word(lang, 'title')} ${esc(card.modelDetails.name)}@${card.modelDetails.version}</title><style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45;overflow-wrap:anywhere}
h1{font-size:1.7rem}h2{font-size:1.2rem;border-bottom:2px solid #0b57d0;padding-bottom:.2rem;margin-top:2rem}
.card-table{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}tbody th{width:40%;font-weight:600}
figure{display:inline-block;margin:.5rem 1rem .5rem 0;max-width:100%}figcaption{font-size:.8rem;color:#444}svg{max-width:100%;height:auto}
.banner{background:#fff4ce;border:2px solid #c4320a;padding:.6rem 1rem;font-weight:700}.missing{background:#fde7e9;border-left:4px solid #c4320a;padding:.5rem 1rem}.complete{background:#e6f4ea;border-left:4px solid #1a7f37;padding:.5rem 1rem}
.verdict{font-size:1.15rem;padding:.6rem 1rem;border-left:6px solid}.verdict--beats-baselines{border-color:#1a7f37;background:#e6f4ea}.verdict--no-better-than-baseline{border-color:#c4320a;background:#fde7e9}.verdict--insufficient-evidence{border-color:#8a5a00;background:#fff4ce}
@media print{body{margin:0;max-width:none}section{break-inside:avoid}.banner{border-width:1px}}
</style></head><body>${renderHtmlBody(card, lang, opts)}</body></html>`;
}

/** Export in the shape of the Dutch Algoritmeregister publication standard (Dutch texts). */
export function algoritmeregisterExport(card: ModelCard): Record<string, unknown> {
  const approval = card.governance.reviews.filter((r) => r.decision === 'approve').at(-1);
  return {
    name: card.modelDetails.name,
    organization: card.modelDetails.organisation,
    description_short: card.intendedUse.purpose,
    goal: card.intendedUse.purpose,
    proportionality: card.governance.proportionality,
    human_intervention: card.governance.humanIntervention,
    risks: risks('nl', card)
      .map(([r]) => r)
      .join('; '),
    lawful_basis: card.governance.legalBasis,
    impacttoetsen: [
      { title: 'DPIA', link: card.governance.dpiaReference },
      { title: 'IAMA', link: card.governance.iamaReference },
    ],
    source_data: sourceNames('nl', card).join('; '),
    methods_and_models: methodsSentence('nl', card),
    performance_standard: `${VERDICT_WORDS[card.verdict.status]!.nl}: ${verdictSentences('nl', card).slice(1).join(' ')}`,
    ethics_board_overrides: approval?.overrides.length
      ? { overrides: approval.overrides, rationale: approval.rationale, reviewer: approval.reviewer, at: approval.at }
      : null,
    status: card.modelDetails.status === 'production' ? 'In gebruik' : 'In ontwikkeling',
    contact_email: card.modelDetails.contact,
    publication_category: 'Impactvolle algoritmes',
    lang: 'nld',
  };
}
