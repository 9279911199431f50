/** The card's sections, each built from recorded facts: what render.ts turns into Markdown and HTML. */
import type { ModelCard } from './card.ts';
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
  metricName,
  sourceNames,
  verdictSentences,
  type CardNames,
} from './statements.ts';
import {
  instructions,
  intendedUses,
  labelBiasStatements,
  limitations,
  methodsSentence,
  risks,
} from './use-statements.ts';

/** One section: a title, key–value rows, a list of sentences, an optional table. */
export interface Section {
  readonly id: string;
  readonly title: string;
  readonly paragraphs?: readonly string[];
  readonly rows?: readonly (readonly [string, string])[];
  readonly list?: readonly string[];
  readonly table?: { readonly head: readonly string[]; readonly body: readonly (readonly string[])[] };
}

const dash = (s: string | null | undefined) => (s === null || s === undefined || s === '' ? '—' : s);
export const status = (lang: CardLang, s: string) => STATUS_WORDS[s]?.[lang] ?? s;

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

export function sections(card: ModelCard, lang: CardLang, names: CardNames): Section[] {
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
