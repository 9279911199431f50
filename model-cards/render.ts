import type { ModelCard } from './card.ts';
import { calibrationChart, disparityChart, importanceChart, mapChart, rocChart, shapeChart } from './charts.ts';
import { gateFailures } from './governance.ts';
import {
  ATTRIBUTE_WORDS,
  STATUS_WORDS,
  VERDICT_WORDS,
  groupWords,
  int,
  num,
  pct,
  withInterval,
  word,
  type CardLang,
} from './messages.ts';
import {
  bandSentence,
  baselineName,
  dataStatements,
  domainSentence,
  fairnessSentences,
  instructions,
  intendedUses,
  limitations,
  methodsSentence,
  metricName,
  risks,
  sourceNames,
  verdictSentences,
} from './statements.ts';

export type { CardLang };

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

function sections(card: ModelCard, lang: CardLang): Section[] {
  const t = (id: Parameters<typeof word>[1]) => word(lang, id);
  const d = card.modelDetails;
  const q = card.quantitative;
  const sc = card.successCriteria;
  const approval = card.governance.reviews.filter((r) => r.decision === 'approve').at(-1);
  const failures = gateFailures(card);
  const metricRows = (m: ModelCard['quantitative']['crossValidation']) =>
    Object.entries(m).map(([k, v]) => [metricName(lang, k), withInterval(lang, v)] as const);
  const uses = intendedUses(lang);
  const out: Section[] = [
    {
      id: 'verdict',
      title: `${t('verdict')} — ${VERDICT_WORDS[card.verdict.status]![lang]}`,
      paragraphs: verdictSentences(lang, card),
      list: card.verdict.reasons,
    },
    {
      id: 'meaning',
      title: t('meaning'),
      paragraphs: [card.score.meaning[lang], bandSentence(lang, card), domainSentence(lang, card)],
      list: [
        lang === 'nl'
          ? `Onzekerheid per gebied: ${card.score.intervalMethod.nl}.`
          : `Uncertainty per area: ${card.score.intervalMethod.en}.`,
      ],
    },
    { id: 'fairness-summary', title: t('fairnessSummary'), list: fairnessSentences(lang, card) },
    {
      id: 'gate',
      title: t('gate'),
      rows: [
        [t('verdict'), sc.verdictMet ? t('met') : t('notMet')],
        ...sc.criteria.map(
          (c) =>
            [
              c.description,
              `${c.min !== null ? `≥ ${num(lang, c.min)}` : ''}${c.max !== null ? `≤ ${num(lang, c.max)}` : ''}: ${num(lang, c.value)} — ${c.met === null ? t('unknown') : c.met ? t('met') : t('notMet')}`,
            ] as const,
        ),
        [
          t('fairness'),
          sc.fairness.met
            ? t('met')
            : `${t('notMet')}: ${sc.fairness.failing.map((f) => groupWords(lang, f.group)).join('; ')}`,
        ],
        [t('reviewDate'), dash(sc.reviewDate)],
        [t('overrides'), approval?.overrides.length ? approval.overrides.join(', ') : t('none')],
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
          r.at.slice(0, 16).replace('T', ' '),
          r.reviewer,
          r.role,
          status(lang, r.decision),
          r.overrides.join(', ') || '—',
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
        [t('kind'), `${d.kind} (link ${d.link})`],
        [t('created'), d.createdAt],
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
        [t('featurePeriods'), card.datasheet.featurePeriods.join(', ')],
        [t('labelPeriods'), card.datasheet.labelPeriods.join(', ')],
        [t('rows'), int(lang, card.datasheet.rows)],
        [
          t('label'),
          `${card.parameters.label.crimeCode} (${card.parameters.label.provenance === 'discovered' ? (lang === 'nl' ? 'ontdekt door handhaving' : 'discovered by enforcement') : lang === 'nl' ? 'gemeld door bewoners' : 'reported by residents'}), horizon ${card.parameters.label.horizon}`,
        ],
        [t('seed'), String(card.parameters.seed)],
        [t('params'), JSON.stringify(card.parameters.params)],
      ],
      list: [
        ...dataStatements(lang, card),
        ...card.parameters.features.map(
          (f) => `${f.name} — ${lang === 'nl' ? f.descriptionNl : f.descriptionEn} (${f.unit})`,
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
              ([k, v]) => [`${t('holdout')} ${q.holdout!.testPeriod}: ${k}`, v] as const,
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
        head: [
          t('group'),
          t('reference'),
          int(lang, 0) === '0' ? t('areas') : t('areas'),
          t('flagRate'),
          t('ratio'),
          '',
        ],
        body: card.fairness.slices.map((s) => [
          groupWords(lang, s.group),
          groupWords(lang, s.reference),
          int(lang, s.size),
          `${pct(lang, s.flagRate)} / ${pct(lang, s.referenceFlagRate)}`,
          withInterval(lang, s.ratio),
          s.warning ? (lang === 'nl' ? 'groep te klein om te oordelen' : s.warning) : s.overlapsBand ? '✓' : '✗',
        ]),
      },
    },
    {
      id: 'proxies',
      title: t('proxies'),
      table: {
        head: [
          t('features'),
          lang === 'nl' ? 'Beschermd kenmerk' : 'Protected attribute',
          lang === 'nl' ? 'Verklaarde variatie (η²)' : 'Variance explained (η²)',
        ],
        body: card.fairness.proxies.map((p) => [
          p.input,
          ATTRIBUTE_WORDS[p.attribute]?.[lang] ?? p.attribute,
          `${pct(lang, p.strength)}${p.strong ? ' ⚠' : ''}`,
        ]),
      },
    },
    {
      id: 'privacy',
      title: t('privacy'),
      rows: [
        [lang === 'nl' ? 'Minimum aantal inwoners' : 'Minimum population', int(lang, card.privacy.minPopulation)],
        [
          lang === 'nl'
            ? 'Gebied-perioden onder het minimum (weggelaten)'
            : 'Area-periods under the minimum (left out)',
          int(lang, card.privacy.areasBelowMinPopulation),
        ],
        [lang === 'nl' ? 'Kleinste getoonde aantal' : 'Smallest count shown', int(lang, card.privacy.minCount)],
        ...Object.entries(card.privacy.suppressedByReason).map(
          ([k, v]) => [lang === 'nl' ? `onderdrukt: ${k}` : `suppressed: ${k}`, int(lang, v)] as const,
        ),
        [
          lang === 'nl' ? 'Terug te rekenen na secundaire onderdrukking' : 'Recoverable after secondary suppression',
          int(lang, card.privacy.recoverable),
        ],
        ...(card.privacy.differentialPrivacy
          ? ([
              [
                lang === 'nl' ? 'Differentiële privacy' : 'Differential privacy',
                `ε = ${num(lang, card.privacy.differentialPrivacy.epsilon)} (${card.privacy.differentialPrivacy.mechanism})`,
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
  const lb = card.labelBias;
  out.push({
    id: 'label-bias',
    title: t('labelBias'),
    rows: [
      [lang === 'nl' ? 'Persistentie van signalen' : 'Persistence of flags', num(lang, lb.persistence)],
      ...(lb.comparison
        ? Object.entries(lb.comparison.discoveredMetrics).map(
            ([k, v]) =>
              [
                `${metricName(lang, k)}: ${card.parameters.label.crimeCode} / ${lb.comparison!.reportedCode}`,
                `${withInterval(lang, v)} / ${withInterval(lang, lb.comparison!.reportedMetrics[k])}`,
              ] as const,
          )
        : []),
      ...(lb.feedback
        ? ([
            [
              lang === 'nl'
                ? `Terugkoppeling (${lb.feedback.rounds} rondes): aandeel signalen in de zwaarst gehandhaafde groep`
                : `Feedback loop (${lb.feedback.rounds} rounds): share of flags in the most enforced group`,
              `${pct(lang, lb.feedback.startShare)} → ${pct(lang, lb.feedback.endShareWithout)}; ${lang === 'nl' ? 'met maatregel' : 'with mitigation'} ${pct(lang, lb.feedback.endShareWith)}`,
            ],
          ] as const)
        : []),
    ],
    list: [
      ...(lb.provenance === 'discovered'
        ? [
            lang === 'nl'
              ? `Code ${card.parameters.label.crimeCode} wordt vooral ontdekt door handhaving: de aantallen meten ook waar de politie keek.`
              : `Code ${card.parameters.label.crimeCode} is mostly discovered by enforcement: the counts also measure where police looked.`,
          ]
        : []),
      ...(lb.provenance === 'discovered' && !lb.comparison
        ? [
            lang === 'nl'
              ? 'Er is geen model op aangiftes (gemelde overlast) vergeleken: die labels waren niet ingelezen.'
              : 'No model on reported crime was compared: those labels were not ingested.',
          ]
        : []),
      ...(lb.comparison?.groups ?? []).map((g) =>
        lang === 'nl'
          ? `${groupWords(lang, g.group)} t.o.v. ${groupWords(lang, g.reference)}: ${withInterval(lang, g.discovered)} op ontdekte, ${withInterval(lang, g.reported)} op gemelde criminaliteit.`
          : `${groupWords(lang, g.group)} vs ${groupWords(lang, g.reference)}: ${withInterval(lang, g.discovered)} on discovered, ${withInterval(lang, g.reported)} on reported crime.`,
      ),
      ...(lb.comparison?.importanceShift ?? []).map((f) =>
        lang === 'nl'
          ? `${f.feature}: ${pct(lang, f.discovered)} van het gewicht op ontdekte, ${pct(lang, f.reported)} op gemelde criminaliteit.`
          : `${f.feature}: ${pct(lang, f.discovered)} of the weight on discovered, ${pct(lang, f.reported)} on reported crime.`,
      ),
    ],
  });
  out.push(
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
            ? 'elk antwoord met een score of uitleg staat in een audit-log met hash-keten en HMAC (token, rol, gebieden, modelversie, tijd); bewaard minstens zes maanden'
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

/** The card as Markdown. */
export function renderMarkdown(card: ModelCard, lang: CardLang = 'nl'): string {
  const out = [
    `# ${word(lang, 'title')}: ${card.modelDetails.name}@${card.modelDetails.version} (${status(lang, card.modelDetails.status)})`,
    '',
  ];
  if (card.modelDetails.synthetic) out.push(`> **${word(lang, 'synthetic')}**`, '');
  out.push(
    card.completeness.complete
      ? `✓ ${word(lang, 'complete')}`
      : `**${word(lang, 'missing')}:** ${card.completeness.missing.join(', ')}`,
    '',
  );
  for (const s of sections(card, lang)) {
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
  const rows = s.rows?.length
    ? `<table><tbody>${s.rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`
    : '';
  const table = s.table?.body.length
    ? `<table><thead><tr>${s.table.head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${s.table.body.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
    : '';
  return `<section id="${s.id}"><h2>${esc(s.title)}</h2>${(s.paragraphs ?? []).map((p) => `<p>${esc(p)}</p>`).join('')}${rows}${table}${s.list?.length ? `<ul>${s.list.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` : ''}${charts}</section>`;
}

/** The card body as an HTML fragment (for the web UI), or a whole printable page. */
export function renderHtmlBody(
  card: ModelCard,
  lang: CardLang = 'nl',
  geometry: readonly { code: string; geometry: unknown }[] = [],
): string {
  const t = (id: Parameters<typeof word>[1]) => word(lang, id);
  const names = new Map(
    card.parameters.features.map((f) => [f.name, lang === 'nl' ? f.descriptionNl : f.descriptionEn]),
  );
  const q = card.quantitative;
  const charts: Record<string, string> = {
    accuracy: `${q.roc.length ? `<figure>${rocChart(q.roc, t('roc'))}<figcaption>${t('roc')}</figcaption></figure>` : ''}${q.calibration.length ? `<figure>${calibrationChart(q.calibration, t('calibration'))}<figcaption>${t('calibration')}</figcaption></figure>` : ''}<figure>${importanceChart(q.importance, (n) => names.get(n) ?? n, t('importance'))}<figcaption>${t('importance')}</figcaption></figure>${
      q.shapeFunctions.length
        ? `<h3>${t('shapes')}</h3>${q.shapeFunctions
            .slice(0, 8)
            .map((s) => `<figure>${shapeChart(s, s.feature)}</figure>`)
            .join('')}`
        : ''
    }`,
    fairness: card.fairness.slices.length
      ? `<figure>${disparityChart(card.fairness.slices, card.fairness.band, t('disparity'))}<figcaption>${t('disparity')}</figcaption></figure>`
      : '',
  };
  const map =
    geometry.length && card.map.length
      ? `<section id="map"><h2>${t('map')}</h2><figure>${mapChart(card.map, geometry, t('map'))}</figure></section>`
      : '';
  return `<h1>${t('title')}: ${esc(card.modelDetails.name)}@${card.modelDetails.version} <small>(${esc(status(lang, card.modelDetails.status))})</small></h1>
${card.modelDetails.synthetic ? `<p class="banner">${t('synthetic')}</p>` : ''}
<p class="verdict verdict--${card.verdict.status}"><strong>${esc(VERDICT_WORDS[card.verdict.status]![lang])}</strong></p>
${card.completeness.complete ? `<p class="complete">✓ ${t('complete')}</p>` : `<p class="missing"><strong>${t('missing')}:</strong> ${card.completeness.missing.map(esc).join(', ')}</p>`}
${sections(card, lang)
  .map((s) => sectionHtml(s, charts[s.id] ?? ''))
  .join('\n')}${map}`;
}

/** The card as a standalone, print-friendly HTML page with inline SVG charts. */
export function renderHtml(
  card: ModelCard,
  lang: CardLang = 'nl',
  geometry: readonly { code: string; geometry: unknown }[] = [],
): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${word(lang, 'title')} ${esc(card.modelDetails.name)}@${card.modelDetails.version}</title><style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{font-size:1.7rem}h2{font-size:1.2rem;border-bottom:2px solid #0b57d0;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}tbody th{width:40%;font-weight:600}
figure{display:inline-block;margin:.5rem 1rem .5rem 0;max-width:100%}figcaption{font-size:.8rem;color:#444}svg{max-width:100%;height:auto}
.banner{background:#fff4ce;border:2px solid #c4320a;padding:.6rem 1rem;font-weight:700}.missing{background:#fde7e9;border-left:4px solid #c4320a;padding:.5rem 1rem}.complete{background:#e6f4ea;border-left:4px solid #1a7f37;padding:.5rem 1rem}
.verdict{font-size:1.15rem;padding:.6rem 1rem;border-left:6px solid}.verdict--beats-baselines{border-color:#1a7f37;background:#e6f4ea}.verdict--no-better-than-baseline{border-color:#c4320a;background:#fde7e9}.verdict--insufficient-evidence{border-color:#8a5a00;background:#fff4ce}
@media print{body{margin:0;max-width:none}section{break-inside:avoid}.banner{border-width:1px}}
</style></head><body>${renderHtmlBody(card, lang, geometry)}</body></html>`;
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
