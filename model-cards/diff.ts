import type { ModelCard } from './card.ts';

export interface CardChange {
  readonly section: string;
  readonly what: string;
  readonly why: string;
}

/** What changed between two cards, and why it matters. */
export function diffCards(a: ModelCard, b: ModelCard): CardChange[] {
  const out: CardChange[] = [];
  for (const [k, vb] of Object.entries(b.quantitative.crossValidation)) {
    const va = a.quantitative.crossValidation[k];
    if (!va || va.estimate === null || vb.estimate === null) continue;
    const d = vb.estimate - va.estimate;
    if (Math.abs(d) < 1e-9) continue;
    const overlap =
      va.lo !== null && va.hi !== null && vb.lo !== null && vb.hi !== null && va.lo <= vb.hi && vb.lo <= va.hi;
    out.push({
      section: 'accuracy',
      what: `${k}: ${va.estimate.toFixed(3)} → ${vb.estimate.toFixed(3)} (${d > 0 ? '+' : ''}${d.toFixed(3)})`,
      why: overlap
        ? 'the confidence intervals overlap: the difference may be noise'
        : 'the confidence intervals do not overlap: a real change',
    });
  }
  const fa = new Set(a.parameters.features.map((f) => f.name)),
    fb = new Set(b.parameters.features.map((f) => f.name));
  for (const f of fb)
    if (!fa.has(f))
      out.push({
        section: 'features',
        what: `added ${f}`,
        why: 'a new input changes what the score depends on; check the fairness audit',
      });
  for (const f of fa)
    if (!fb.has(f))
      out.push({ section: 'features', what: `removed ${f}`, why: 'explanations no longer name this indicator' });
  const key = (s: ModelCard['fairness']['slices'][number]) => `${s.attribute}|${s.group}`;
  const sa = new Map(a.fairness.slices.map((s) => [key(s), s]));
  for (const s of b.fairness.slices) {
    const p = sa.get(key(s));
    if (p && p.inBand !== s.inBand)
      out.push({
        section: 'fairness',
        what: `${s.attribute} ${s.group}: ${p.inBand ? 'inside' : 'outside'} → ${s.inBand ? 'inside' : 'outside'} the 0.8–1.25 band (${p.ratio.estimate?.toFixed(2)} → ${s.ratio.estimate?.toFixed(2)})`,
        why: s.inBand ? 'a disparity was resolved' : 'a new disparity: the ethics board must weigh it',
      });
  }
  if (a.modelDetails.dataHash !== b.modelDetails.dataHash)
    out.push({
      section: 'data',
      what: `data ${a.modelDetails.dataHash} → ${b.modelDetails.dataHash} (periods ${a.datasheet.featurePeriods.join(',')} → ${b.datasheet.featurePeriods.join(',')})`,
      why: 'trained on other data: figures are not directly comparable',
    });
  if (a.modelDetails.kind !== b.modelDetails.kind)
    out.push({
      section: 'model',
      what: `${a.modelDetails.kind} → ${b.modelDetails.kind}`,
      why: 'another learner: explanations differ in kind (additive tables vs Shapley values)',
    });
  if (a.successCriteria.allMet !== b.successCriteria.allMet)
    out.push({
      section: 'success criteria',
      what: `all met: ${a.successCriteria.allMet} → ${b.successCriteria.allMet}`,
      why: 'the criteria fixed before use decide whether the model may stay in use',
    });
  return out;
}

export function renderDiffMarkdown(a: ModelCard, b: ModelCard, changes: readonly CardChange[]): string {
  return [
    `# ${a.modelDetails.name}@${a.modelDetails.version} → ${b.modelDetails.name}@${b.modelDetails.version}`,
    '',
    '| section | what changed | why it matters |',
    '|---|---|---|',
    ...changes.map((c) => `| ${c.section} | ${c.what} | ${c.why} |`),
    '',
  ].join('\n');
}
