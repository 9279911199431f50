import type { ModelCard } from './card.ts';
import { KIND_WORDS, METRIC_WORDS, groupWords, num, periodWords, type CardLang } from './messages.ts';

export interface CardChange {
  readonly section: string;
  readonly what: string;
  readonly why: string;
}

const SECTIONS: Readonly<Record<string, { readonly nl: string; readonly en: string }>> = {
  accuracy: { nl: 'nauwkeurigheid', en: 'accuracy' },
  features: { nl: 'kenmerken', en: 'features' },
  fairness: { nl: 'eerlijkheid', en: 'fairness' },
  data: { nl: 'gegevens', en: 'data' },
  model: { nl: 'model', en: 'model' },
  criteria: { nl: 'succescriteria', en: 'success criteria' },
};

/**
 * What changed between two cards, and why it matters — each sentence built from the two cards'
 * figures, in Dutch or English (English by default, for the command line).
 */
export function diffCards(a: ModelCard, b: ModelCard, lang: CardLang = 'en'): CardChange[] {
  const nl = lang === 'nl';
  const out: CardChange[] = [];
  const push = (section: keyof typeof SECTIONS, what: string, why: string) =>
    out.push({ section: SECTIONS[section]![lang], what, why });
  for (const [k, vb] of Object.entries(b.quantitative.crossValidation)) {
    const va = a.quantitative.crossValidation[k];
    if (!va || va.estimate === null || vb.estimate === null) continue;
    const d = vb.estimate - va.estimate;
    if (Math.abs(d) < 1e-9) continue;
    const overlap =
      va.lo !== null && va.hi !== null && vb.lo !== null && vb.hi !== null && va.lo <= vb.hi && vb.lo <= va.hi;
    const name = METRIC_WORDS[k]?.[lang] ?? k;
    push(
      'accuracy',
      `${name}: ${num(lang, va.estimate)} → ${num(lang, vb.estimate)} (${d > 0 ? '+' : '−'}${num(lang, Math.abs(d))})`,
      overlap
        ? nl
          ? 'de betrouwbaarheidsintervallen overlappen: het verschil kan toeval zijn'
          : 'the confidence intervals overlap: the difference may be noise'
        : nl
          ? 'de betrouwbaarheidsintervallen overlappen niet: een echte verandering'
          : 'the confidence intervals do not overlap: a real change',
    );
  }
  const label = (c: ModelCard, f: string) => {
    const feat = c.parameters.features.find((x) => x.name === f);
    return feat ? (nl ? feat.descriptionNl : feat.descriptionEn) : f;
  };
  const fa = new Set(a.parameters.features.map((f) => f.name)),
    fb = new Set(b.parameters.features.map((f) => f.name));
  for (const f of fb)
    if (!fa.has(f))
      push(
        'features',
        nl ? `toegevoegd: ${label(b, f)}` : `added ${label(b, f)}`,
        nl
          ? 'een nieuwe invoer verandert waar de score van afhangt; kijk naar de eerlijkheidstoets'
          : 'a new input changes what the score depends on; check the fairness audit',
      );
  for (const f of fa)
    if (!fb.has(f))
      push(
        'features',
        nl ? `weggelaten: ${label(a, f)}` : `removed ${label(a, f)}`,
        nl ? 'de uitleg noemt deze indicator niet meer' : 'explanations no longer name this indicator',
      );
  const key = (s: ModelCard['fairness']['slices'][number]) => `${s.attribute}|${s.group}`;
  const sa = new Map(a.fairness.slices.map((s) => [key(s), s]));
  const band = `${num(lang, b.fairness.band[0])}–${num(lang, b.fairness.band[1])}`;
  for (const s of b.fairness.slices) {
    const p = sa.get(key(s));
    if (!p || p.inBand === s.inBand) continue;
    const where = (inside: boolean) => (inside ? (nl ? 'binnen' : 'inside') : nl ? 'buiten' : 'outside');
    push(
      'fairness',
      `${groupWords(lang, s.group)}: ${where(p.inBand)} → ${where(s.inBand)} ${nl ? 'de marge' : 'the band'} ${band} (${num(lang, p.ratio.estimate)} → ${num(lang, s.ratio.estimate)})`,
      s.inBand
        ? nl
          ? 'een verschil tussen groepen is verdwenen'
          : 'a disparity was resolved'
        : nl
          ? 'een nieuw verschil tussen groepen: de ethische commissie moet het wegen'
          : 'a new disparity: the ethics board must weigh it',
    );
  }
  if (a.modelDetails.dataHash !== b.modelDetails.dataHash) {
    const periods = (c: ModelCard) => c.datasheet.featurePeriods.map((p) => periodWords(lang, p)).join(', ');
    push(
      'data',
      nl
        ? `andere gegevens (jaren ${periods(a)} → ${periods(b)})`
        : `data ${a.modelDetails.dataHash} → ${b.modelDetails.dataHash} (periods ${periods(a)} → ${periods(b)})`,
      nl
        ? 'getraind op andere gegevens: de cijfers zijn niet direct vergelijkbaar'
        : 'trained on other data: figures are not directly comparable',
    );
  }
  if (a.modelDetails.kind !== b.modelDetails.kind) {
    const kind = (k: string) => KIND_WORDS[k]?.[lang] ?? k;
    push(
      'model',
      `${kind(a.modelDetails.kind)} → ${kind(b.modelDetails.kind)}`,
      nl
        ? 'een ander soort model: de uitleg is van een andere aard (optelbare tabellen of Shapley-waarden)'
        : 'another learner: explanations differ in kind (additive tables vs Shapley values)',
    );
  }
  if (a.successCriteria.allMet !== b.successCriteria.allMet) {
    const met = (x: boolean) => (x ? (nl ? 'alle gehaald' : 'all met') : nl ? 'niet alle gehaald' : 'not all met');
    push(
      'criteria',
      `${met(a.successCriteria.allMet)} → ${met(b.successCriteria.allMet)}`,
      nl
        ? 'de vooraf vastgelegde criteria bepalen of het model in gebruik mag blijven'
        : 'the criteria fixed before use decide whether the model may stay in use',
    );
  }
  return out;
}

export function renderDiffMarkdown(
  a: ModelCard,
  b: ModelCard,
  changes: readonly CardChange[],
  lang: CardLang = 'en',
): string {
  const head =
    lang === 'nl'
      ? '| onderdeel | wat veranderde | waarom het ertoe doet |'
      : '| section | what changed | why it matters |';
  return [
    `# ${a.modelDetails.name}@${a.modelDetails.version} → ${b.modelDetails.name}@${b.modelDetails.version}`,
    '',
    head,
    '|---|---|---|',
    ...changes.map((c) => `| ${c.section} | ${c.what} | ${c.why} |`),
    '',
  ].join('\n');
}
