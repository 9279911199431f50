import type { ModelCard } from './card.ts';
import {
  ATTRIBUTE_WORDS,
  BASELINE_WORDS,
  CALIBRATION_WORDS,
  KIND_WORDS,
  METRIC_WORDS,
  VERDICT_WORDS,
  groupWords,
  int,
  known,
  num,
  pct,
  withInterval,
  type CardLang,
} from './messages.ts';

/** Municipality names by code. */
export type CardNames = ReadonlyMap<string, string>;

/**
 * Sentences of the card, each built from the card's recorded facts and figures. A statement
 * about a step appears only when the run recorded that the step ran.
 */
type L = CardLang;
const pick = (lang: L, nl: string, en: string) => (lang === 'nl' ? nl : en);

export function metricName(lang: L, m: string): string {
  return METRIC_WORDS[m]?.[lang] ?? m;
}
export function baselineName(lang: L, b: string): string {
  return BASELINE_WORDS[b]?.[lang] ?? b;
}

/** An input by its description on the card ("Afstand tot grote supermarkt"), else its name. */
export function featureLabel(lang: L, card: ModelCard, name: string): string {
  const f = card.parameters.features.find((x) => x.name === name);
  return f ? (lang === 'nl' ? f.descriptionNl : f.descriptionEn) : name;
}

/** A success criterion from its metric and bound: "ROC AUC (…) — ondergrens van het interval minstens 0,7". */
export function criterionSentence(lang: L, c: ModelCard['successCriteria']['criteria'][number]): string {
  const bound =
    c.min !== null
      ? pick(
          lang,
          `ondergrens van het interval minstens ${num(lang, c.min)}`,
          `lower interval bound at least ${num(lang, c.min)}`,
        )
      : c.max !== null
        ? pick(
            lang,
            `bovengrens van het interval hoogstens ${num(lang, c.max)}`,
            `upper interval bound at most ${num(lang, c.max)}`,
          )
        : '';
  // the governance file's own description is free text (often English): the Dutch card words the criterion itself
  const what = lang === 'nl' || c.description === c.metric ? metricName(lang, c.metric) : c.description;
  return bound ? `${what} — ${bound}` : what;
}

/** The verdict in one plain sentence, then its figures. */
export function verdictSentences(lang: L, card: ModelCard): string[] {
  const v = card.verdict;
  const head = pick(
    lang,
    `Dit model is ${VERDICT_WORDS[v.status]!.nl}.`,
    `This model ${v.status === 'beats-baselines' ? 'beats its baselines' : v.status === 'no-better-than-baseline' ? 'is NO better than a baseline' : 'cannot be judged: insufficient evidence'}.`,
  );
  const out = [head];
  if (v.bestBaseline && v.difference) {
    out.push(
      pick(
        lang,
        `${metricName(lang, v.primaryMetric)}: model ${withInterval(lang, v.model)}, beste eenvoudige voorspeller (${baselineName(lang, v.bestBaseline.name)}) ${withInterval(lang, v.bestBaseline.value)}; verschil ${withInterval(lang, v.difference)}.`,
        `${metricName(lang, v.primaryMetric)}: model ${withInterval(lang, v.model)}, best baseline (${baselineName(lang, v.bestBaseline.name)}) ${withInterval(lang, v.bestBaseline.value)}; difference ${withInterval(lang, v.difference)}.`,
      ),
    );
  }
  return out;
}

/** The band thresholds in words. */
export function bandSentence(lang: L, card: ModelCard): string {
  const b = card.score.bands;
  const prob = card.score.unit.kind === 'probability';
  const f = (x: number) => (prob ? pct(lang, x) : num(lang, x));
  return pick(
    lang,
    `Banden: hoog vanaf ${f(b.hoog)}, verhoogd vanaf ${f(b.verhoogd)}, gemiddeld vanaf ${f(b.gemiddeld)}, daaronder laag — veelvouden van het gemiddelde van ${f(b.reference)}${prob ? '' : ' per 1.000 inwoners'} (4×, 2× en ½×).`,
    `Bands: hoog from ${f(b.hoog)}, verhoogd from ${f(b.verhoogd)}, gemiddeld from ${f(b.gemiddeld)}, laag below — multiples of the average of ${f(b.reference)}${prob ? '' : ' per 1,000 inhabitants'} (4×, 2× and ½×).`,
  );
}

export function domainSentence(lang: L, card: ModelCard, names: CardNames = new Map()): string {
  const d = card.run.domain;
  const level = {
    gemeente: ['gemeenten', 'municipalities'],
    wijk: ['wijken', 'districts (wijken)'],
    buurt: ['buurten', 'neighbourhoods (buurten)'],
  }[d.level as 'wijk'] ?? [d.level, d.level];
  const n = card.score.domainSize;
  if (d.national)
    return pick(
      lang,
      `Getraind op ${level[0]} van heel Nederland (${int(lang, n)} gemeenten).`,
      `Trained on ${level[1]} of the whole country (${int(lang, n)} municipalities).`,
    );
  // a scoped reader's card names only their own municipality
  const list = d.municipalities.map((m) => names.get(m) ?? m).join(', ');
  const named =
    d.municipalities.length === n
      ? list
      : pick(
          lang,
          `${int(lang, n)} gemeenten${d.municipalities.length ? `, waaronder ${list}` : ''}`,
          `${int(lang, n)} municipalities${d.municipalities.length ? `, among them ${list}` : ''}`,
        );
  return pick(
    lang,
    `Getraind op ${level[0]} van ${named}: het model geeft alleen scores voor ${level[0]} van ${n === 1 ? 'deze gemeente' : 'deze gemeenten'}, en geen landelijke rangorde.`,
    `Trained on ${level[1]} of ${named}: it scores only ${level[1]} of ${n === 1 ? 'this municipality' : 'these municipalities'}, with no national rank.`,
  );
}

/** Plain-language fairness: one sentence per group whose disparity interval lies outside the band. */
export function fairnessSentences(lang: L, card: ModelCard): string[] {
  const [lo, hi] = card.fairness.band;
  const band = `${num(lang, lo)}–${num(lang, hi)}`;
  const out: string[] = [];
  for (const s of card.fairness.slices) {
    if (s.warning !== null || s.ratio.estimate === null || s.inBand) continue;
    // phrased from the more often flagged group, so the factor is always at least 1
    const up = s.ratio.estimate >= 1;
    const [more, less] = up ? [s.group, s.reference] : [s.reference, s.group];
    const [moreRate, lessRate] = up ? [s.flagRate, s.referenceFlagRate] : [s.referenceFlagRate, s.flagRate];
    const inv = (x: number | null) => (x === null ? null : x === 0 ? Number.POSITIVE_INFINITY : 1 / x);
    const [lo, hiI] = up ? [s.ratio.lo, s.ratio.hi] : [inv(s.ratio.hi), inv(s.ratio.lo)];
    const verdict = !s.overlapsBand
      ? pick(
          lang,
          `dit valt geheel buiten de afgesproken marge van ${band}`,
          `this lies entirely outside the agreed band of ${band}`,
        )
      : pick(
          lang,
          `het interval raakt de marge van ${band}: een verschil is niet aangetoond`,
          `the interval reaches into the band of ${band}: a difference is not shown`,
        );
    if (!lessRate) {
      out.push(
        pick(
          lang,
          `In ${groupWords(lang, more)} wordt ${pct(lang, moreRate)} van de gebieden gesignaleerd, in ${groupWords(lang, less)} geen enkel gebied; ${verdict}.`,
          `In ${groupWords(lang, more)} ${pct(lang, moreRate)} of areas are flagged, in ${groupWords(lang, less)} none; ${verdict}.`,
        ),
      );
      continue;
    }
    const interval = `${num(lang, lo)}–${hiI !== null && Number.isFinite(hiI) ? num(lang, hiI) : '∞'}`;
    out.push(
      pick(
        lang,
        `In ${groupWords(lang, more)} worden gebieden ${num(lang, (moreRate ?? 0) / lessRate)} keer zo vaak gesignaleerd als in ${groupWords(lang, less)} (${pct(lang, moreRate)} tegen ${pct(lang, lessRate)}; interval ${interval}); ${verdict}.`,
        `Areas in ${groupWords(lang, more)} are flagged ${num(lang, (moreRate ?? 0) / lessRate)} times as often as in ${groupWords(lang, less)} (${pct(lang, moreRate)} against ${pct(lang, lessRate)}; interval ${interval}); ${verdict}.`,
      ),
    );
  }
  if (!out.length)
    out.push(
      pick(
        lang,
        `Geen groep wijkt buiten de marge van ${band} af in hoe vaak ze gesignaleerd wordt.`,
        `No group's flag rate differs beyond the band of ${band}.`,
      ),
    );
  for (const p of card.fairness.proxies.filter((x) => x.strong)) {
    out.push(
      pick(
        lang,
        `De invoer ‘${featureLabel(lang, card, p.input)}’ verklaart ${pct(lang, p.strength)} van de variatie in ${ATTRIBUTE_WORDS[p.attribute]?.nl ?? p.attribute}: het model kan via deze invoer op dat beschermde kenmerk letten, ook al is het zelf geen invoer.`,
        `The input ‘${featureLabel(lang, card, p.input)}’ explains ${pct(lang, p.strength)} of the variance of ${ATTRIBUTE_WORDS[p.attribute]?.en ?? p.attribute}: through it the model can follow that protected attribute although it is no input itself.`,
      ),
    );
  }
  return out;
}

/** Data statements, each from a recorded fact. */
export function dataStatements(lang: L, card: ModelCard): string[] {
  const r = card.run;
  const out: string[] = [];
  const transforms = r.features.used.map((f) => f.transform).join(' ');
  out.push(
    pick(
      lang,
      'StatLine-symbolen: "." (onderdrukt of onbekend) wordt ontbrekend, "-" wordt 0.',
      'StatLine symbols: "." (suppressed or unknown) becomes missing, "-" becomes 0.',
    ),
  );
  if (/− gemeente/.test(transforms))
    out.push(
      pick(
        lang,
        'Sommige kenmerken zijn het verschil met de eigen gemeente.',
        'Some features are the difference from the own municipality.',
      ),
    );
  if (/neighbour mean/.test(transforms))
    out.push(
      pick(
        lang,
        'Sommige kenmerken zijn het gemiddelde over aangrenzende gebieden (grenzen uit de wijk- en buurtkaart).',
        'Some features are the mean over contiguous areas (boundaries from the wijk- en buurtkaart).',
      ),
    );
  out.push(
    pick(
      lang,
      `Labels van jaar t + ${card.parameters.label.horizon} zijn gekoppeld aan kenmerken van jaar t; nooit een label van hetzelfde of een eerder jaar.`,
      `Labels of year t + ${card.parameters.label.horizon} are joined to features of year t; never a label of the same or an earlier year.`,
    ),
  );
  for (const e of r.excluded)
    out.push(
      e.reason === 'population'
        ? pick(
            lang,
            `${int(lang, e.areas)} gebied-perioden weggelaten: minder dan ${card.privacy.minPopulation} inwoners.`,
            `${int(lang, e.areas)} area-periods left out: fewer than ${card.privacy.minPopulation} inhabitants.`,
          )
        : pick(
            lang,
            `${int(lang, e.areas)} gebied-perioden weggelaten: ${e.reason.startsWith('no label') ? 'de code staat niet in het politiebestand van het labeljaar' : 'de code staat niet in het kenmerkenbestand (gewijzigde indeling)'}.`,
            `${int(lang, e.areas)} area-periods left out: ${e.reason}.`,
          ),
    );
  if (r.features.skipped.length)
    out.push(
      pick(
        lang,
        `${r.features.skipped.length} kenmerken van de indicatorensets konden niet worden berekend en zijn geen invoer: ${r.features.skipped.map((s) => s.feature).join('; ')}.`,
        `${r.features.skipped.length} features of the views could not be computed and are not inputs: ${r.features.skipped.map((s) => `${s.feature} (${s.reason})`).join('; ')}.`,
      ),
    );
  return out;
}

/** Sources actually read, as the register and the datasheet list them. */
export function sourceNames(lang: L, card: ModelCard): string[] {
  if (card.modelDetails.synthetic && card.run.sources.every((s) => s.synthetic))
    return [
      pick(lang, 'synthetische demonstratiewereld (zicht demo-world)', 'synthetic demo world (zicht demo-world)'),
    ];
  const names = new Set<string>();
  for (const s of card.run.sources) {
    if (s.kind.startsWith('police'))
      names.add(pick(lang, 'Politie, geregistreerde misdrijven (47018NED)', 'Police registered crime (47018NED)'));
    else if (s.kind === 'geojson')
      names.add(pick(lang, 'CBS wijk- en buurtkaart (grenzen)', 'CBS wijk- en buurtkaart (boundaries)'));
    else if (s.kind === 'long-csv')
      names.add(
        pick(lang, `eigen indicatoren van de gemeente (${s.file})`, `the municipality's own indicators (${s.file})`),
      );
    else
      names.add(
        pick(
          lang,
          `CBS Kerncijfers wijken en buurten${s.tableId ? ` (${s.tableId})` : ''}`,
          `CBS Key figures of districts and neighbourhoods${s.tableId ? ` (${s.tableId})` : ''}`,
        ),
      );
  }
  return [...names];
}

/** Limitations that apply to this version. */
export function limitations(lang: L, card: ModelCard): string[] {
  const out = [
    pick(
      lang,
      'Geregistreerde criminaliteit is niet hetzelfde als criminaliteit: ze weerspiegelt aangiftebereidheid en handhaving.',
      'Registered crime is not crime: it reflects reporting and enforcement.',
    ),
    pick(
      lang,
      'Scores zijn verbanden op gebiedsniveau; ze zeggen niets over een bewoner.',
      'Scores are correlations at area level; they say nothing about any resident.',
    ),
  ];
  if (card.run.excluded.some((e) => e.reason === 'population'))
    out.push(
      pick(
        lang,
        'Kleine gebieden vallen af; hun bewoners zijn niet vertegenwoordigd in de scores.',
        'Small areas are left out; their residents are not represented in the scores.',
      ),
    );
  if (card.run.excluded.some((e) => e.reason !== 'population'))
    out.push(
      pick(
        lang,
        'Gebieden met gewijzigde codes zijn alleen op code gekoppeld; wat niet paste is weggelaten en hierboven geteld.',
        'Areas with changed codes are matched by code only; what did not match is left out and counted above.',
      ),
    );
  if (card.verdict.status !== 'beats-baselines')
    out.push(
      pick(
        lang,
        'Dit model is niet aantoonbaar beter dan een eenvoudige voorspeller: gebruik de scores niet om te prioriteren.',
        'This model is not shown to be better than a simple baseline: do not use its scores to prioritise.',
      ),
    );
  if (card.modelDetails.synthetic)
    out.push(
      pick(
        lang,
        'Deze versie is getraind op SYNTHETISCHE gegevens: de cijfers beschrijven de demonstratiewereld, niet Nederland.',
        'This version is trained on SYNTHETIC data: its figures describe the demo world, not the Netherlands.',
      ),
    );
  return out;
}

/** Ethical risks with the mitigations that actually ran. */
export function risks(lang: L, card: ModelCard): [string, string][] {
  const r = card.run;
  const feedbackMitigation = [
    pick(lang, 'herkomst van de labels getoond', 'label provenance shown'),
    ...(card.labelBias.persistence !== null
      ? [pick(lang, 'persistentie van signalen gemeten', 'persistence of flags measured')]
      : []),
    ...(r.feedbackSimulation
      ? [
          pick(
            lang,
            'terugkoppeling gesimuleerd met en zonder maatregel',
            'feedback loop simulated with and without a mitigation',
          ),
        ]
      : []),
    ...(r.reportedLabelModel
      ? [
          pick(
            lang,
            `hetzelfde model op aangiftes (${card.labelBias.comparison?.reportedCode}) ter vergelijking`,
            `the same model on reported crime (${card.labelBias.comparison?.reportedCode}) for comparison`,
          ),
        ]
      : []),
  ];
  return [
    [
      pick(lang, 'Stigmatisering van wijken', 'Stigmatisation of neighbourhoods'),
      pick(
        lang,
        'scores alleen voor de eigen gemeente, nooit per gebied gepubliceerd, voorbehoud op elke pagina',
        'scores only for the own municipality, never published per area, caveat on every page',
      ),
    ],
    [
      pick(
        lang,
        'Terugkoppeling: signalen → meer handhaving → meer ontdekte criminaliteit → meer signalen',
        'Feedback loop: flags → more enforcement → more discovered crime → more flags',
      ),
      feedbackMitigation.join('; '),
    ],
    [
      pick(
        lang,
        'Indirecte discriminatie via proxy’s van herkomst of inkomen',
        'Indirect discrimination through proxies of origin or income',
      ),
      pick(
        lang,
        'eerlijkheidstoets met intervallen en een controle per invoer op benadering van beschermde kenmerken; goedkeuring door de ethische commissie',
        'fairness audit with intervals and a proxy check per input; approval by the ethics board',
      ),
    ],
    [
      pick(lang, 'Herleidbaarheid via kleine gebieden', 'Re-identification through small areas'),
      pick(
        lang,
        `minimaal ${card.privacy.minPopulation} inwoners, kleine aantallen onderdrukt, secundaire onderdrukking`,
        `at least ${card.privacy.minPopulation} inhabitants, small counts suppressed, secondary suppression`,
      ),
    ],
  ];
}

export function intendedUses(lang: L): { uses: string[]; outOfScope: string[] } {
  return {
    uses: [
      pick(
        lang,
        'aandacht en preventiecapaciteit verdelen over de gebieden van de eigen gemeente',
        "prioritise attention and prevention capacity across areas of one's own municipality",
      ),
      pick(
        lang,
        'met partners het gesprek over een gebied beginnen, aan de hand van de indicatoren',
        'start a conversation with partners about an area, with its indicators',
      ),
    ],
    outOfScope: [
      pick(
        lang,
        'nooit over personen: niemand wordt gescoord, geprofileerd of geselecteerd',
        'never about individuals: no person is scored, profiled or selected',
      ),
      pick(
        lang,
        'nooit als bewijs, en nooit als grond voor een maatregel tegen bewoners',
        'never as evidence, nor as grounds for any measure against residents',
      ),
      pick(lang, 'niet voor gebieden onder het minimumaantal inwoners', 'not for areas under the minimum population'),
      pick(
        lang,
        'niet voor gebieden van een andere gemeente dan de eigen',
        "not for areas of another municipality than the user's own",
      ),
      pick(
        lang,
        'niet buiten het domein waarop het model is getraind',
        'not outside the domain the model was trained on',
      ),
    ],
  };
}

export function instructions(lang: L): string[] {
  return [
    pick(lang, 'Gebruik alleen voor uw eigen gemeente.', 'Use only for your own municipality.'),
    pick(
      lang,
      'Lees de redenen en het voorbehoud; combineer met lokale kennis.',
      'Read the reasons and the caveat; combine with local knowledge.',
    ),
    pick(
      lang,
      'Onderneem nooit iets tegen bewoners op grond van een score.',
      'Never act against residents on the basis of a score.',
    ),
    pick(
      lang,
      'Meld onverwachte patronen bij de ethische commissie.',
      'Report unexpected patterns to the ethics board.',
    ),
  ];
}

export function methodsSentence(lang: L, card: ModelCard): string {
  const r = card.run;
  const grouping =
    r.cv.grouping === 'gemeente'
      ? pick(lang, 'per gemeente', 'by municipality')
      : pick(lang, 'per wijk', 'by district');
  const method = known(CALIBRATION_WORDS, lang, r.calibration.method);
  const cal =
    r.calibration.method === 'none'
      ? pick(lang, 'zonder kalibratie', 'no calibration')
      : pick(lang, `kalibratie met ${method}, kruisgevalideerd`, `${method} calibration, cross-fitted`);
  const kind = known(KIND_WORDS, lang, card.modelDetails.kind);
  return pick(
    lang,
    `${kind} (uitlegbaar: exacte bijdragen per gebied), ${r.cv.folds}-voudige kruisvalidatie ${grouping} (${int(lang, r.cv.groups)} groepen), ${cal}`,
    `${kind} (interpretable: exact per-area contributions), ${r.cv.folds}-fold cross-validation ${grouping} (${int(lang, r.cv.groups)} groups), ${cal}`,
  );
}

/** The label-provenance section: figures as rows, sentences as a list. */
export function labelBiasStatements(lang: L, card: ModelCard): { rows: [string, string][]; list: string[] } {
  const lb = card.labelBias;
  const code = card.parameters.label.crimeCode;
  const rows: [string, string][] = [
    [pick(lang, 'Persistentie van signalen', 'Persistence of flags'), num(lang, lb.persistence)],
  ];
  if (lb.comparison)
    for (const [k, v] of Object.entries(lb.comparison.discoveredMetrics))
      rows.push([
        `${metricName(lang, k)}: ${code} / ${lb.comparison.reportedCode}`,
        `${withInterval(lang, v)} / ${withInterval(lang, lb.comparison.reportedMetrics[k])}`,
      ]);
  if (lb.feedback)
    rows.push([
      pick(
        lang,
        `Terugkoppeling (${lb.feedback.rounds} rondes): aandeel signalen in de zwaarst gehandhaafde groep`,
        `Feedback loop (${lb.feedback.rounds} rounds): share of flags in the most enforced group`,
      ),
      `${pct(lang, lb.feedback.startShare)} → ${pct(lang, lb.feedback.endShareWithout)}; ${pick(lang, 'met maatregel', 'with mitigation')} ${pct(lang, lb.feedback.endShareWith)}`,
    ]);
  const list: string[] = [];
  if (lb.provenance === 'discovered') {
    list.push(
      pick(
        lang,
        `Code ${code} wordt vooral ontdekt door handhaving: de aantallen meten ook waar de politie keek.`,
        `Code ${code} is mostly discovered by enforcement: the counts also measure where police looked.`,
      ),
    );
    if (!lb.comparison)
      list.push(
        pick(
          lang,
          'Er is geen model op aangiftes (gemelde overlast) vergeleken: die labels waren niet ingelezen.',
          'No model on reported crime was compared: those labels were not ingested.',
        ),
      );
  }
  for (const g of lb.comparison?.groups ?? [])
    list.push(
      pick(
        lang,
        `${groupWords(lang, g.group)} t.o.v. ${groupWords(lang, g.reference)}: ${withInterval(lang, g.discovered)} op ontdekte, ${withInterval(lang, g.reported)} op gemelde criminaliteit.`,
        `${groupWords(lang, g.group)} vs ${groupWords(lang, g.reference)}: ${withInterval(lang, g.discovered)} on discovered, ${withInterval(lang, g.reported)} on reported crime.`,
      ),
    );
  for (const f of lb.comparison?.importanceShift ?? [])
    list.push(
      pick(
        lang,
        `${featureLabel(lang, card, f.feature)}: ${pct(lang, f.discovered)} van het gewicht op ontdekte, ${pct(lang, f.reported)} op gemelde criminaliteit.`,
        `${featureLabel(lang, card, f.feature)}: ${pct(lang, f.discovered)} of the weight on discovered, ${pct(lang, f.reported)} on reported crime.`,
      ),
    );
  return { rows, list };
}
