import type { ModelCard } from './card.ts';
import { calibrationChart, disparityChart, importanceChart, mapChart, rocChart, shapeChart } from './charts.ts';
import { gateFailures } from './governance.ts';
import { verdictReasonText } from '../evaluation/index.ts';
import {
  ATTRIBUTE_WORDS,
  CALIBRATION_WORDS,
  KIND_WORDS,
  LINK_WORDS,
  MECHANISM_WORDS,
  OVERRIDE_WORDS,
  PARAM_WORDS,
  ROLE_WORDS,
  STATUS_WORDS,
  SUPPRESSION_WORDS,
  VERDICT_WORDS,
  dateWords,
  fieldWords,
  groupWords,
  int,
  known,
  num,
  pct,
  periodWords,
  withInterval,
  word,
  type CardLang,
} from './messages.ts';
import {
  bandSentence,
  baselineName,
  criterionSentence,
  dataStatements,
  domainSentence,
  fairnessSentences,
  featureLabel,
  instructions,
  intendedUses,
  labelBiasStatements,
  limitations,
  methodsSentence,
  metricName,
  risks,
  sourceNames,
  verdictSentences,
  type CardNames,
} from './statements.ts';

export type { CardLang, CardNames };

/** One section: a title, key–value rows, a list of sentences, an optional table. */
interface Section {
  readonly id: string;
  readonly title: string;
  readonly paragraphs?: readonly string[];
  readonly rows?: readonly (readonly [string, string])[];
  readonly list?: readonly string[];
  readonly table?: { readonly head: readonly string[]; readonly body: readonly (readonly string[])[] };
}

const dash = (s: string | null | undefined) => (s === null || s === undefined || s === '' ? '—' : s);
const status = (lang: CardLang, s: string) => STATUS_WORDS[s]?.[lang] ?? s;

/** The model's settings in words: "aantal bomen 120; leersnelheid 0,08; kalibratie Platt-schaling". */
function paramWords(lang: CardLang, params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params)
    .map(([k, v]) => {
      const value =
        typeof v === 'number'
          ? num(lang, v)
          : typeof v === 'string'
            ? known(CALIBRATION_WORDS, lang, v)
            : Array.isArray(v)
              ? v.join(', ')
              : typeof v === 'boolean'
                ? word(lang, v ? 'yes' : 'no')
                : JSON.stringify(v);
      return `${known(PARAM_WORDS, lang, k)} ${value}`;
    })
    .join('; ');
}

function sections(card: ModelCard, lang: CardLang, names: CardNames): Section[] {
  const t = (id: Parameters<typeof word>[1]) => word(lang, id);
  const d = card.modelDetails;
  const q = card.quantitative;
  const sc = card.successCriteria;
  const approval = card.governance.reviews.filter((r) => r.decision === 'approve').at(-1);
  const failures = gateFailures(card);
  const overrides = (ids: readonly string[]) => ids.map((o) => known(OVERRIDE_WORDS, lang, o)).join(', ');
  const metricRows = (m: ModelCard['quantitative']['crossValidation']) =>
    Object.entries(m).map(([k, v]) => [metricName(lang, k), withInterval(lang, v)] as const);
  const uses = intendedUses(lang);
  const feature = (f: string) => featureLabel(lang, card, f);
  const figures = verdictSentences(lang, card);
  const out: Section[] = [
    {
      id: 'verdict',
      title: `${t('verdict')} — ${VERDICT_WORDS[card.verdict.status]![lang]}`,
      paragraphs: figures.length > 1 || lang === 'en' ? figures : [...figures, t('noVerdictFigures')],
      list: card.verdict.reasons.map((r) => verdictReasonText(r, lang)),
    },
    { id: 'fairness-summary', title: t('fairnessSummary'), list: fairnessSentences(lang, card) },
    {
      id: 'meaning',
      title: t('meaning'),
      paragraphs: [card.score.meaning[lang], bandSentence(lang, card), domainSentence(lang, card, names)],
      list: [
        lang === 'nl'
          ? `Onzekerheid per gebied: ${card.score.intervalMethod.nl}.`
          : `Uncertainty per area: ${card.score.intervalMethod.en}.`,
      ],
    },
    {
      id: 'gate',
      title: t('gate'),
      rows: [
        [t('verdict'), sc.verdictMet ? t('met') : t('notMet')],
        ...sc.criteria.map(
          (c) =>
            [
              criterionSentence(lang, c),
              `${num(lang, c.value)} — ${c.met === null ? t('unknown') : c.met ? t('met') : t('notMet')}`,
            ] as const,
        ),
        [
          t('fairness'),
          sc.fairness.met
            ? t('met')
            : `${t('notMet')}: ${sc.fairness.failing.map((f) => groupWords(lang, f.group)).join('; ')}`,
        ],
        [t('reviewDate'), sc.reviewDate ? dateWords(lang, sc.reviewDate) : '—'],
        [t('overrides'), approval?.overrides.length ? overrides(approval.overrides) : t('none')],
      ],
      list: failures.map((f) => {
        const what = { verdict: t('verdict'), 'success-criteria': t('gate'), fairness: t('fairness') }[f.id];
        const covered = approval?.overrides.includes(f.id);
        return lang === 'nl'
          ? `${what}: niet gehaald${covered ? ' — bewust overschreven door de ethische commissie' : ' — blokkeert het gebruik'}`
          : `${what}: not met${covered ? ' — explicitly overridden by the ethics board' : ' — blocks use'}`;
      }),
    },
    {
      id: 'reviews',
      title: t('reviews'),
      table: {
        head: [t('when'), t('reviewer'), t('role'), t('decision'), t('overrides'), t('rationale')],
        body: card.governance.reviews.map((r) => [
          dateWords(lang, r.at),
          r.reviewer,
          known(ROLE_WORDS, lang, r.role),
          status(lang, r.decision),
          overrides(r.overrides) || '—',
          r.rationale,
        ]),
      },
    },
    {
      id: 'details',
      title: t('details'),
      rows: [
        [t('name'), `${d.name}@${d.version}`],
        [t('status'), status(lang, d.status)],
        [t('kind'), `${known(KIND_WORDS, lang, d.kind)} (${t('link')}: ${known(LINK_WORDS, lang, d.link)})`],
        [t('created'), dateWords(lang, d.createdAt)],
        [t('trainedBy'), d.trainedBy],
        [t('code'), d.codeVersion],
        [t('artifact'), d.artifactHash],
        [t('dataHash'), d.dataHash],
        [t('owner'), dash(d.owner)],
        [t('organisation'), dash(d.organisation)],
        [t('contact'), dash(d.contact)],
      ],
    },
    {
      id: 'use',
      title: t('use'),
      rows: [
        [t('purpose'), dash(card.intendedUse.purpose)],
        [t('users'), card.intendedUse.users.join(', ') || '—'],
      ],
      list: uses.uses,
    },
    { id: 'out-of-scope', title: t('outOfScope'), list: uses.outOfScope },
    {
      id: 'data',
      title: t('data'),
      rows: [
        [t('sources'), sourceNames(lang, card).join('; ')],
        [t('level'), card.datasheet.level],
        [t('vintage'), String(card.datasheet.vintage)],
        [t('featurePeriods'), card.datasheet.featurePeriods.map((p) => periodWords(lang, p)).join(', ')],
        [t('labelPeriods'), card.datasheet.labelPeriods.map((p) => periodWords(lang, p)).join(', ')],
        [t('rows'), int(lang, card.datasheet.rows)],
        [
          t('label'),
          `${card.parameters.label.crimeCode} (${t(card.parameters.label.provenance === 'discovered' ? 'discovered' : 'reported')}); ${t('horizon')} ${card.parameters.label.horizon}`,
        ],
        [t('seed'), String(card.parameters.seed)],
        [t('params'), paramWords(lang, card.parameters.params)],
      ],
      list: [
        ...dataStatements(lang, card),
        ...card.parameters.features.map(
          (f) => `${lang === 'nl' ? f.descriptionNl : f.descriptionEn} (${f.unit}) — ${f.name}`,
        ),
      ],
    },
    {
      id: 'accuracy',
      title: t('quant'),
      paragraphs: [methodsSentence(lang, card)],
      rows: [
        ...metricRows(q.crossValidation),
        ...(q.holdout
          ? metricRows(q.holdout.metrics).map(
              ([k, v]) => [`${t('holdout')} ${periodWords(lang, q.holdout!.testPeriod)}: ${k}`, v] as const,
            )
          : []),
        [
          lang === 'nl'
            ? `Precisie bij ${q.capacity.k} bezoeken per gemeente`
            : `Precision at ${q.capacity.k} visits per municipality`,
          withInterval(lang, q.capacity.precision),
        ],
        [
          lang === 'nl'
            ? `Recall bij ${q.capacity.k} bezoeken per gemeente`
            : `Recall at ${q.capacity.k} visits per municipality`,
          withInterval(lang, q.capacity.recall),
        ],
        ...q.baselines.flatMap((b) =>
          metricRows(b.metrics).map(
            ([k, v]) => [`${t('baselines')} — ${baselineName(lang, b.name)}: ${k}`, v] as const,
          ),
        ),
      ],
    },
    {
      id: 'fairness',
      title: t('fairness'),
      table: {
        head: [t('group'), t('reference'), t('areas'), t('flagRate'), t('ratio'), ''],
        body: card.fairness.slices.map((s) => [
          groupWords(lang, s.group),
          groupWords(lang, s.reference),
          int(lang, s.size),
          `${pct(lang, s.flagRate)} / ${pct(lang, s.referenceFlagRate)}`,
          withInterval(lang, s.ratio),
          s.warning ? t('groupTooSmall') : s.overlapsBand ? '✓' : '✗',
        ]),
      },
    },
    {
      id: 'proxies',
      title: t('proxies'),
      table: {
        head: [t('features'), t('protectedAttribute'), t('varianceExplained')],
        body: card.fairness.proxies.map((p) => [
          feature(p.input),
          ATTRIBUTE_WORDS[p.attribute]?.[lang] ?? p.attribute,
          `${pct(lang, p.strength)}${p.strong ? ' ⚠' : ''}`,
        ]),
      },
    },
    {
      id: 'privacy',
      title: t('privacy'),
      rows: [
        [t('minPopulation'), int(lang, card.privacy.minPopulation)],
        [t('belowMinimum'), int(lang, card.privacy.areasBelowMinPopulation)],
        [t('minCount'), int(lang, card.privacy.minCount)],
        ...Object.entries(card.privacy.suppressedByReason).map(
          ([k, v]) =>
            [
              `${lang === 'nl' ? 'onderdrukt' : 'suppressed'}: ${known(SUPPRESSION_WORDS, lang, k)}`,
              int(lang, v),
            ] as const,
        ),
        [t('recoverable'), int(lang, card.privacy.recoverable)],
        ...(card.privacy.differentialPrivacy
          ? ([
              [
                lang === 'nl' ? 'Differentiële privacy' : 'Differential privacy',
                `ε = ${num(lang, card.privacy.differentialPrivacy.epsilon)} (${known(MECHANISM_WORDS, lang, card.privacy.differentialPrivacy.mechanism)})`,
              ],
              [
                `${metricName(lang, card.privacy.differentialPrivacy.metric)}: ${lang === 'nl' ? 'zonder / met ruis' : 'without / with noise'}`,
                `${withInterval(lang, card.privacy.differentialPrivacy.without)} / ${withInterval(lang, card.privacy.differentialPrivacy.with)}`,
              ],
            ] as const)
          : []),
      ],
    },
  ];
  if (card.spatial)
    out.push({
      id: 'spatial',
      title: t('spatial'),
      rows: [
        [
          lang === 'nl' ? "Moran's I van de residuen" : "Moran's I of the residuals",
          `${num(lang, card.spatial.residualMoranI)} (p = ${num(lang, card.spatial.residualP)})`,
        ],
        [
          lang === 'nl' ? "Moran's I van de signalen" : "Moran's I of the flags",
          `${num(lang, card.spatial.flagMoranI)} (p = ${num(lang, card.spatial.flagP)})`,
        ],
        [lang === 'nl' ? 'Hoog-hoog clusters' : 'High-high clusters', int(lang, card.spatial.hotspots)],
      ],
    });
  const lb = labelBiasStatements(lang, card);
  out.push(
    { id: 'label-bias', title: t('labelBias'), rows: lb.rows, list: lb.list },
    {
      id: 'limitations',
      title: t('considerations'),
      list: [...limitations(lang, card), ...risks(lang, card).map(([r, m]) => `${r} → ${m}`)],
    },
    {
      id: 'register',
      title: t('register'),
      rows: [
        [t('organisation'), dash(d.organisation)],
        [t('purpose'), dash(card.intendedUse.purpose)],
        [t('proportionality'), dash(card.governance.proportionality)],
        [t('humanIntervention'), dash(card.governance.humanIntervention)],
        [t('legalBasis'), dash(card.governance.legalBasis)],
        ['DPIA', dash(card.governance.dpiaReference)],
        ['IAMA', dash(card.governance.iamaReference)],
        [t('sources'), sourceNames(lang, card).join('; ')],
        [t('methods'), methodsSentence(lang, card)],
      ],
    },
    {
      id: 'ai-act',
      title: t('aiAct'),
      rows: [
        [t('accuracy'), `${metricName(lang, card.verdict.primaryMetric)} ${withInterval(lang, card.verdict.model)}`],
        [t('oversight'), dash(card.governance.humanIntervention)],
        [
          t('logging'),
          lang === 'nl'
            ? 'elk antwoord met een score of uitleg staat in een auditlog met hashketen en HMAC (token, rol, gebieden, modelversie, tijd); bewaard minstens zes maanden'
            : 'every response carrying a score or explanation is in an HMAC hash-chained audit log (token, role, areas, model version, time); kept at least six months',
        ],
      ],
      list: instructions(lang),
    },
  );
  return out;
}

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
