import type { ModelCard } from './card.ts';
import { calibrationChart, disparityChart, importanceChart, mapChart, rocChart, shapeChart } from './charts.ts';

export type CardLang = 'nl' | 'en';

const T = {
  nl: {
    title: 'Modelkaart',
    synthetic: 'SYNTHETISCHE DEMONSTRATIEGEGEVENS — dit model beschrijft een gegenereerde wereld, geen echte gebieden.',
    details: 'Modelgegevens',
    use: 'Beoogd gebruik',
    outOfScope: 'Buiten het beoogde gebruik',
    params: 'Parameters en kenmerken',
    data: 'Datasheet van de trainingsdata',
    quant: 'Kwantitatieve analyse',
    fairness: 'Eerlijkheid (fairness)',
    privacy: 'Privacy en onderdrukking',
    spatial: 'Ruimtelijke diagnostiek',
    labelBias: 'Labelherkomst en terugkoppeling',
    considerations: 'Overwegingen',
    register: 'Algoritmeregister',
    aiAct: 'AI-verordening: documentatie en gebruiksinstructies',
    success: 'Succescriteria en herbeoordeling',
    map: 'Kaart van gesignaleerde gebieden',
    missing: 'Nog in te vullen (blokkeert goedkeuring)',
    complete: 'Kaart compleet',
    roc: 'ROC-curve (kruisvalidatie per gemeente)',
    calib: 'Kalibratie',
    importance: 'Globaal belang (gemiddelde |bijdrage|)',
    disparity:
      'Disparity ratio van het signaleringspercentage t.o.v. referentiegroep, met 95%-interval; groen vlak = 0,8–1,25',
    shapes: 'Vormfuncties (additief model)',
    metric: 'Maat',
    estimate: 'Schatting',
    ci: '95%-interval',
    status: 'Status',
    limitations: 'Beperkingen',
    tradeoffs: 'Afwegingen',
    risks: 'Ethische risico’s en maatregelen',
    met: 'gehaald',
    notMet: 'niet gehaald',
    unknown: 'onbekend',
  },
  en: {
    title: 'Model card',
    synthetic: 'SYNTHETIC DEMO DATA — this model describes a generated world, not real areas.',
    details: 'Model details',
    use: 'Intended use',
    outOfScope: 'Out of scope',
    params: 'Parameters and features',
    data: 'Datasheet of the training data',
    quant: 'Quantitative analysis',
    fairness: 'Fairness',
    privacy: 'Privacy and suppression',
    spatial: 'Spatial diagnostics',
    labelBias: 'Label provenance and feedback loops',
    considerations: 'Considerations',
    register: 'Algorithm register',
    aiAct: 'AI Act: documentation and instructions for use',
    success: 'Success criteria and review',
    map: 'Map of flagged areas',
    missing: 'To be completed (blocks approval)',
    complete: 'Card complete',
    roc: 'ROC curve (cross-validated by municipality)',
    calib: 'Calibration',
    importance: 'Global importance (mean |contribution|)',
    disparity: 'Disparity ratio of the flag rate vs the reference group, with 95% interval; green band = 0.8–1.25',
    shapes: 'Shape functions (additive model)',
    metric: 'Metric',
    estimate: 'Estimate',
    ci: '95% interval',
    status: 'Status',
    limitations: 'Limitations',
    tradeoffs: 'Trade-offs',
    risks: 'Ethical risks and mitigations',
    met: 'met',
    notMet: 'not met',
    unknown: 'unknown',
  },
} as const;

/** Dutch for the card's fixed English sentences (the JSON card keeps one language; the renderers translate). */
const NL: Readonly<Record<string, string>> = {
  "prioritise attention and prevention capacity across areas of one's own municipality":
    'aandacht en preventiecapaciteit verdelen over de gebieden van de eigen gemeente',
  'start a conversation with partners about an area, with its indicators':
    'met partners het gesprek over een gebied beginnen, aan de hand van de indicatoren',
  'never about individuals: no person is scored, profiled or selected':
    'nooit over personen: niemand wordt gescoord, geprofileerd of geselecteerd',
  'never as evidence, nor as grounds for any measure against residents':
    'nooit als bewijs, en nooit als grond voor een maatregel tegen bewoners',
  'not for areas under the minimum population': 'niet voor gebieden onder het minimumaantal inwoners',
  "not for areas of another municipality than the user's own":
    'niet voor gebieden van een andere gemeente dan de eigen',
  'not for predicting individual crimes or offenders':
    'niet voor het voorspellen van afzonderlijke misdrijven of daders',
  'Registered crime is not crime: it reflects reporting and enforcement.':
    'Geregistreerde criminaliteit is niet hetzelfde als criminaliteit: ze weerspiegelt aangiftebereidheid en handhaving.',
  'Scores are correlations at area level; they say nothing about any resident.':
    'Scores zijn verbanden op gebiedsniveau; ze zeggen niets over een bewoner.',
  'Boundaries and codes change between years; changed areas are matched by code only.':
    'Grenzen en codes veranderen per jaar; gewijzigde gebieden worden alleen op code gekoppeld.',
  'Small areas are excluded; their residents are not represented in the scores.':
    'Kleine gebieden vallen af; hun bewoners zijn niet vertegenwoordigd in de scores.',
  'This version is trained on SYNTHETIC data: its figures describe the demo world, not the Netherlands.':
    'Deze versie is getraind op SYNTHETISCHE gegevens: de cijfers beschrijven de demonstratiewereld, niet Nederland.',
  'Higher capacity (more areas visited) raises recall but lowers precision.':
    'Meer capaciteit (meer bezochte gebieden) verhoogt de recall maar verlaagt de precisie.',
  'Calibration makes probabilities interpretable at the cost of a held-out fit.':
    'Kalibratie maakt kansen interpreteerbaar, ten koste van een aparte aanpassing op achtergehouden data.',
  'Leaving protected attributes out of the inputs does not remove proxies; the audit measures them.':
    'Beschermde kenmerken weglaten uit de invoer haalt proxy’s niet weg; de audit meet ze.',
  'Stigmatisation of neighbourhoods': 'Stigmatisering van wijken',
  'scores only for the own municipality, never published per area, caveat on every page':
    'scores alleen voor de eigen gemeente, nooit per gebied gepubliceerd, voorbehoud op elke pagina',
  'Feedback loop: flags → more enforcement → more discovered crime → more flags':
    'Terugkoppeling: signalen → meer handhaving → meer ontdekte criminaliteit → meer signalen',
  'label provenance shown, persistence and feedback simulation reported, reported-crime model as a check':
    'herkomst van labels getoond, persistentie en terugkoppelingssimulatie gerapporteerd, model op aangiftes als controle',
  'Indirect discrimination through proxies of origin or income':
    'Indirecte discriminatie via proxy’s van herkomst of inkomen',
  'fairness audit with confidence intervals and a proxy check per version; approval by the ethics board':
    'fairness-audit met betrouwbaarheidsintervallen en een proxycontrole per versie; goedkeuring door de ethische commissie',
  'Re-identification through small areas': 'Herleidbaarheid via kleine gebieden',
  'minimum population, small-count suppression, secondary suppression':
    'minimumaantal inwoners, onderdrukking van kleine aantallen, secundaire onderdrukking',
  'Use only for your own municipality.': 'Gebruik alleen voor uw eigen gemeente.',
  'Read the reasons and the caveat; combine with local knowledge.':
    'Lees de redenen en het voorbehoud; combineer met lokale kennis.',
  'Never act against residents on the basis of a score.': 'Onderneem nooit iets tegen bewoners op grond van een score.',
  'Report unexpected patterns to the ethics board.': 'Meld onverwachte patronen bij de ethische commissie.',
  'stigmatisation of areas': 'stigmatisering van gebieden',
  'feedback loops through enforcement-driven labels': 'terugkoppeling via door handhaving bepaalde labels',
  'indirect discrimination through proxies': 'indirecte discriminatie via proxy’s',
  'StatLine symbols: "." suppressed → missing, "-" → 0': 'StatLine-symbolen: "." onderdrukt → ontbrekend, "-" → 0',
  'features per feature view (shares, rates per 1,000, log, difference from the gemeente, mean over contiguous neighbours)':
    'kenmerken per feature view (aandelen, per 1.000 inwoners, logaritme, verschil met de gemeente, gemiddelde over aangrenzende gebieden)',
  'labels of period t + horizon joined to features of period t (no leakage)':
    'labels van periode t + horizon gekoppeld aan kenmerken van periode t (geen lekkage)',
  'areas whose codes changed between vintages reported, not dropped silently':
    'gebieden met gewijzigde codes gerapporteerd, niet stilzwijgend weggelaten',
  'secondary suppression prevents recovering a suppressed area from its parent total':
    'secundaire onderdrukking voorkomt dat een onderdrukt gebied uit het totaal terug te rekenen is',
};

/** A fixed sentence of the card in the requested language. */
function tr(lang: CardLang, s: string): string {
  return lang === 'nl' ? (NL[s] ?? s) : s;
}

const f3 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function label(card: ModelCard, lang: CardLang): (name: string) => string {
  const m = new Map(card.parameters.features.map((f) => [f.name, lang === 'nl' ? f.descriptionNl : f.descriptionEn]));
  return (n) => m.get(n) ?? n;
}

/** Sections as (title, list of [key, value] rows or paragraphs), shared by both renderers. */
function sections(card: ModelCard, lang: CardLang): { title: string; rows: [string, string][]; list?: string[] }[] {
  const t = T[lang],
    d = card.modelDetails;
  const metricRows = (
    m: Record<string, { estimate: number | null; lo: number | null; hi: number | null }>,
    prefix = '',
  ): [string, string][] =>
    Object.entries(m).map(([k, v]) => [`${prefix}${k}`, `${f3(v.estimate)} [${f3(v.lo)}–${f3(v.hi)}]`]);
  return [
    {
      title: t.details,
      rows: [
        ['name', `${d.name}@${d.version}`],
        [t.status, d.status],
        ['kind', `${d.kind} (link ${d.link})`],
        ['created', d.createdAt],
        ['trained by', d.trainedBy],
        ['code', d.codeVersion],
        ['artifact sha256', d.artifactHash],
        ['data', d.dataHash],
        ['owner', d.owner ?? '—'],
        ['organisation', d.organisation ?? '—'],
        ['contact', d.contact ?? '—'],
      ],
    },
    {
      title: t.use,
      rows: [
        ['purpose', card.intendedUse.purpose ?? '—'],
        ['users', card.intendedUse.users.join(', ') || '—'],
      ],
      list: card.intendedUse.useCases.map((x) => tr(lang, x)),
    },
    { title: t.outOfScope, rows: [], list: card.intendedUse.outOfScope.map((x) => tr(lang, x)) },
    {
      title: t.params,
      rows: [
        ['seed', String(card.parameters.seed)],
        [
          'label',
          `${card.parameters.label.crimeCode} (${card.parameters.label.provenance}), horizon ${card.parameters.label.horizon}, ${card.parameters.label.target}${card.parameters.label.topShare ? ` top ${card.parameters.label.topShare * 100}%` : ''}`,
        ],
        ['params', JSON.stringify(card.parameters.params)],
        ['protected attributes as inputs', String(card.parameters.protectedAttributesAsInputs)],
      ],
      list: card.parameters.features.map(
        (f) => `${f.name} — ${lang === 'nl' ? f.descriptionNl : f.descriptionEn} (${f.unit}; ${f.view})`,
      ),
    },
    {
      title: t.data,
      rows: [
        ['level', card.datasheet.level],
        ['vintage', String(card.datasheet.vintage)],
        ['feature periods', card.datasheet.featurePeriods.join(', ')],
        ['label periods', card.datasheet.labelPeriods.join(', ')],
        ['rows', String(card.datasheet.rows)],
        ['licences', card.datasheet.licences.join('; ')],
      ],
      list: [...card.datasheet.preprocessing, ...card.datasheet.suppression].map((x) => tr(lang, x)),
    },
    {
      title: t.quant,
      rows: [
        ...metricRows(card.quantitative.crossValidation, 'CV '),
        ...(card.quantitative.holdout
          ? metricRows(card.quantitative.holdout.metrics, `holdout ${card.quantitative.holdout.testPeriod} `)
          : []),
        [
          `precision at capacity (k=${card.quantitative.capacity.k})`,
          `${f3(card.quantitative.capacity.precision.estimate)} [${f3(card.quantitative.capacity.precision.lo)}–${f3(card.quantitative.capacity.precision.hi)}]`,
        ],
        [
          `recall at capacity`,
          `${f3(card.quantitative.capacity.recall.estimate)} [${f3(card.quantitative.capacity.recall.lo)}–${f3(card.quantitative.capacity.recall.hi)}]`,
        ],
        ...card.quantitative.baselines.flatMap((b) => metricRows(b.metrics, `baseline ${b.name} `)),
      ],
    },
    {
      title: t.fairness,
      rows: [
        ['rule', card.fairness.flagRule],
        ['band', `${card.fairness.band[0]}–${card.fairness.band[1]}`],
        ...card.fairness.slices.map((s): [string, string] => [
          `${s.attribute}: ${s.group} vs ${s.reference}`,
          `${f3(s.ratio.estimate)} [${f3(s.ratio.lo)}–${f3(s.ratio.hi)}] ${s.inBand ? '✓' : '✗'}${s.warning ? ` (${s.warning})` : ''}`,
        ]),
        ...card.fairness.proxy.map((p): [string, string] => [
          `proxy ${p.attribute}`,
          `ρ(score) ${f3(p.rhoScore)} vs ρ(label) ${f3(p.rhoLabel)}${p.tracksMoreThanLabels ? ' ⚠' : ''}`,
        ]),
      ],
      list: card.fairness.warnings,
    },
    {
      title: t.privacy,
      rows: [
        ['min population', String(card.privacy.minPopulation)],
        ['min count', String(card.privacy.minCount)],
        ...Object.entries(card.privacy.suppressedByReason).map(([k, v]): [string, string] => [
          `suppressed: ${k}`,
          String(v),
        ]),
        ['recoverable after secondary suppression', String(card.privacy.recoverable)],
      ],
    },
    {
      title: t.spatial,
      rows: card.spatial
        ? [
            ["Moran's I residuals", `${f3(card.spatial.residualMoranI)} (p=${f3(card.spatial.residualP)})`],
            ["Moran's I flags", `${f3(card.spatial.flagMoranI)} (p=${f3(card.spatial.flagP)})`],
            ['high-high clusters', String(card.spatial.hotspots)],
          ]
        : [['—', 'no boundaries']],
    },
    {
      title: t.labelBias,
      rows: [
        ['provenance', card.labelBias.provenance],
        ['persistence', f3(card.labelBias.persistence)],
      ],
      list: [
        ...card.labelBias.warnings,
        ...(card.labelBias.comparison ? [card.labelBias.comparison] : []),
        ...(card.labelBias.feedbackConclusion ? [card.labelBias.feedbackConclusion] : []),
      ],
    },
    {
      title: t.considerations,
      rows: [],
      list: [
        ...card.considerations.limitations.map((l) => `${t.limitations}: ${tr(lang, l)}`),
        ...card.considerations.tradeoffs.map((l) => `${t.tradeoffs}: ${tr(lang, l)}`),
        ...card.considerations.ethicalRisks.map((r) => `${t.risks}: ${tr(lang, r.risk)} → ${tr(lang, r.mitigation)}`),
      ],
    },
    {
      title: t.register,
      rows: [
        ['name', card.algoritmeregister.name],
        ['organisation', card.algoritmeregister.organisation ?? '—'],
        ['goal', card.algoritmeregister.goal ?? '—'],
        ['proportionality', card.algoritmeregister.proportionality ?? '—'],
        ['human intervention', card.algoritmeregister.humanIntervention ?? '—'],
        ['legal basis', card.algoritmeregister.legalBasis ?? '—'],
        ...card.algoritmeregister.impactAssessments.map((i): [string, string] => [i.type, i.reference ?? '—']),
        ['source data', card.algoritmeregister.sourceData.join('; ')],
        ['methods and models', card.algoritmeregister.methodsAndModels],
      ],
      list: card.algoritmeregister.risks.map((x) => tr(lang, x)),
    },
    {
      title: t.aiAct,
      rows: [
        ['accuracy', card.aiAct.accuracy],
        ['human oversight', card.aiAct.humanOversight],
        ['logging', card.aiAct.logging],
      ],
      list: card.aiAct.instructionsForUse.map((x) => tr(lang, x)),
    },
    {
      title: t.success,
      rows: [
        ['review date', card.successCriteria.reviewDate ?? '—'],
        ...card.successCriteria.criteria.map((c): [string, string] => [
          c.description,
          `${c.threshold}: ${f3(c.value)} — ${c.met === null ? t.unknown : c.met ? t.met : t.notMet}`,
        ]),
      ],
    },
  ];
}

/** The card as Markdown. */
export function renderMarkdown(card: ModelCard, lang: CardLang = 'nl'): string {
  const t = T[lang];
  const out = [`# ${t.title}: ${card.modelDetails.name}@${card.modelDetails.version}`, ''];
  if (card.modelDetails.synthetic) out.push(`> **${t.synthetic}**`, '');
  out.push(
    card.completeness.complete ? `✓ ${t.complete}` : `**${t.missing}:** ${card.completeness.missing.join(', ')}`,
    '',
  );
  for (const s of sections(card, lang)) {
    out.push(`## ${s.title}`, '');
    if (s.rows.length) {
      out.push(
        '| | |',
        '|---|---|',
        ...s.rows.map(([k, v]) => `| ${k.replace(/\|/g, '\\|')} | ${v.replace(/\|/g, '\\|')} |`),
        '',
      );
    }
    if (s.list?.length) out.push(...s.list.map((l) => `- ${l}`), '');
  }
  return out.join('\n');
}

/** The card as a standalone, print-friendly HTML page with inline SVG charts. */
export function renderHtml(
  card: ModelCard,
  lang: CardLang = 'nl',
  geometry: readonly { code: string; geometry: unknown }[] = [],
): string {
  const t = T[lang];
  const lab = label(card, lang);
  const charts: Record<string, string> = {
    [t.quant]: `<figure>${rocChart(card.quantitative.roc, t.roc)}<figcaption>${t.roc}</figcaption></figure><figure>${calibrationChart(card.quantitative.calibration, t.calib)}<figcaption>${t.calib}</figcaption></figure><figure>${importanceChart(card.quantitative.importance, lab, t.importance)}<figcaption>${t.importance}</figcaption></figure>${
      card.quantitative.shapeFunctions.length
        ? `<h3>${t.shapes}</h3>${card.quantitative.shapeFunctions
            .slice(0, 8)
            .map((s) => `<figure>${shapeChart(s, s.feature)}</figure>`)
            .join('')}`
        : ''
    }`,
    [t.fairness]: card.fairness.slices.length
      ? `<figure>${disparityChart(card.fairness.slices, card.fairness.band, t.disparity)}<figcaption>${t.disparity}</figcaption></figure>`
      : '',
  };
  const body = sections(card, lang)
    .map(
      (s) =>
        `<section><h2>${esc(s.title)}</h2>${s.rows.length ? `<table><tbody>${s.rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>` : ''}${s.list?.length ? `<ul>${s.list.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` : ''}${charts[s.title] ?? ''}</section>`,
    )
    .join('\n');
  const map = geometry.length
    ? `<section><h2>${t.map}</h2><figure>${mapChart(card.map, geometry, t.map)}</figure></section>`
    : '';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${t.title} ${esc(card.modelDetails.name)}@${card.modelDetails.version}</title><style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{font-size:1.7rem}h2{font-size:1.2rem;border-bottom:2px solid #0b57d0;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}th{width:35%;font-weight:600}
figure{display:inline-block;margin:.5rem 1rem .5rem 0}figcaption{font-size:.8rem;color:#444}
.banner{background:#fff4ce;border:2px solid #c4320a;padding:.6rem 1rem;font-weight:700}.missing{background:#fde7e9;border-left:4px solid #c4320a;padding:.5rem 1rem}.complete{background:#e6f4ea;border-left:4px solid #1a7f37;padding:.5rem 1rem}
@media print{body{margin:0;max-width:none}section{break-inside:avoid}.banner{border-width:1px}}
</style></head><body><h1>${t.title}: ${esc(card.modelDetails.name)}@${card.modelDetails.version} <small>(${esc(card.modelDetails.status)})</small></h1>
${card.modelDetails.synthetic ? `<p class="banner">${t.synthetic}</p>` : ''}
${card.completeness.complete ? `<p class="complete">✓ ${t.complete}</p>` : `<p class="missing"><strong>${t.missing}:</strong> ${card.completeness.missing.map(esc).join(', ')}</p>`}
${body}${map}</body></html>`;
}

/** Export in the shape of the Dutch Algoritmeregister publication standard. */
export function algoritmeregisterExport(card: ModelCard): Record<string, unknown> {
  const r = card.algoritmeregister;
  return {
    name: r.name,
    organization: r.organisation,
    description_short: r.goal,
    goal: r.goal,
    proportionality: r.proportionality,
    human_intervention: r.humanIntervention,
    risks: r.risks.join('; '),
    lawful_basis: r.legalBasis,
    impacttoetsen: r.impactAssessments.map((i) => ({ title: i.type, link: i.reference })),
    source_data: r.sourceData.join('; '),
    methods_and_models: r.methodsAndModels,
    status: card.modelDetails.status === 'production' ? 'In gebruik' : 'In ontwikkeling',
    contact_email: card.modelDetails.contact,
    publication_category: 'Impactvolle algoritmes',
    lang: 'nld',
  };
}
