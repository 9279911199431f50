import type { ModelCard } from './card.ts';
import {
  ATTRIBUTE_WORDS,
  BASELINE_WORDS,
  METRIC_WORDS,
  VERDICT_WORDS,
  groupWords,
  int,
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
