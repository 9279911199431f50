/**
 * The card's message catalogue: every fixed word and sentence keyed by id, both languages side
 * by side. Sentences with figures are functions of those figures, so a statement is built from
 * what the run recorded and rendered in either language (never translated by matching English).
 */
export type CardLang = 'nl' | 'en';

const NF = {
  nl: new Intl.NumberFormat('nl-NL', { maximumSignificantDigits: 3 }),
  en: new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 3 }),
};
const INT = { nl: new Intl.NumberFormat('nl-NL'), en: new Intl.NumberFormat('en-GB') };

/** A number in the language's format with three significant digits; '—' when absent. */
export function num(lang: CardLang, x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : NF[lang].format(x);
}
export function int(lang: CardLang, x: number): string {
  return INT[lang].format(x);
}
export function pct(lang: CardLang, x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${NF[lang].format(100 * x)}%`;
}
/** "0,912 [0,891–0,926]". */
export function withInterval(
  lang: CardLang,
  e: { estimate: number | null; lo: number | null; hi: number | null } | null | undefined,
): string {
  if (!e) return '—';
  return `${num(lang, e.estimate)} [${num(lang, e.lo)}–${num(lang, e.hi)}]`;
}

type Text = { readonly nl: string; readonly en: string };
const w = (nl: string, en: string): Text => ({ nl, en });

/** Words and fixed sentences. */
export const WORDS = {
  title: w('Modelkaart', 'Model card'),
  synthetic: w(
    'SYNTHETISCHE DEMONSTRATIEGEGEVENS — dit model beschrijft een gegenereerde wereld, geen echte gebieden.',
    'SYNTHETIC DEMO DATA — this model describes a generated world, not real areas.',
  ),
  verdict: w('Oordeel: beter dan de eenvoudige voorspellers?', 'Verdict: better than the simple baselines?'),
  meaning: w('Wat de score betekent', 'What the score means'),
  fairnessSummary: w('Eerlijkheid in het kort', 'Fairness at a glance'),
  gate: w('Voorwaarden voor gebruik', 'Conditions for use'),
  reviews: w('Beoordelingen door de ethische commissie', 'Reviews by the ethics board'),
  details: w('Modelgegevens', 'Model details'),
  use: w('Beoogd gebruik', 'Intended use'),
  outOfScope: w('Buiten het beoogde gebruik', 'Out of scope'),
  data: w('Gegevens: wat er is gebruikt', 'Data: what was used'),
  quant: w('Nauwkeurigheid', 'Accuracy'),
  fairness: w('Eerlijkheid per groep', 'Fairness by group'),
  proxies: w('Invoer die een beschermd kenmerk benadert', 'Inputs that stand in for a protected attribute'),
  privacy: w('Privacy en onderdrukking', 'Privacy and suppression'),
  spatial: w('Ruimtelijke samenhang', 'Spatial structure'),
  labelBias: w('Herkomst van de labels en terugkoppeling', 'Label provenance and feedback loops'),
  considerations: w('Beperkingen en risico’s', 'Limitations and risks'),
  register: w('Algoritmeregister', 'Algorithm register'),
  aiAct: w('AI-verordening: documentatie en gebruiksinstructies', 'AI Act: documentation and instructions for use'),
  map: w('Kaart van de banden', 'Map of the bands'),
  missing: w('Nog in te vullen (blokkeert goedkeuring)', 'To be completed (blocks approval)'),
  complete: w('Kaart compleet', 'Card complete'),
  name: w('Naam', 'Name'),
  status: w('Status', 'Status'),
  kind: w('Soort model', 'Model kind'),
  created: w('Gemaakt', 'Created'),
  trainedBy: w('Getraind door', 'Trained by'),
  code: w('Programmaversie', 'Code version'),
  artifact: w('Artefact (sha256)', 'Artifact (sha256)'),
  dataHash: w('Gegevens (hash)', 'Data (hash)'),
  owner: w('Eigenaar', 'Owner'),
  organisation: w('Organisatie', 'Organisation'),
  contact: w('Contact', 'Contact'),
  purpose: w('Doel', 'Purpose'),
  users: w('Gebruikers', 'Users'),
  seed: w('Startwaarde (seed)', 'Seed'),
  label: w('Label', 'Label'),
  params: w('Instellingen', 'Parameters'),
  features: w('Kenmerken (invoer)', 'Features (inputs)'),
  skipped: w('Niet berekende kenmerken', 'Features not computed'),
  excluded: w('Weggelaten gebieden', 'Areas left out'),
  sources: w('Bronnen', 'Sources'),
  level: w('Niveau', 'Level'),
  vintage: w('Indelingsjaar', 'Boundary year'),
  featurePeriods: w('Perioden van de kenmerken', 'Feature periods'),
  labelPeriods: w('Perioden van de labels', 'Label periods'),
  rows: w('Gebied-perioden', 'Area-periods'),
  licences: w('Licenties', 'Licences'),
  metric: w('Maat', 'Metric'),
  estimate: w('Schatting [95%-interval]', 'Estimate [95% interval]'),
  baselines: w('Eenvoudige voorspellers', 'Baselines'),
  holdout: w('Toets op een later jaar', 'Test on a later year'),
  group: w('Groep', 'Group'),
  reference: w('Referentiegroep', 'Reference group'),
  flagRate: w('Aandeel gesignaleerd', 'Flag rate'),
  ratio: w('Verhouding [95%-interval]', 'Ratio [95% interval]'),
  areas: w('gebieden', 'areas'),
  reviewer: w('Beoordelaar', 'Reviewer'),
  role: w('Rol', 'Role'),
  when: w('Wanneer', 'When'),
  decision: w('Besluit', 'Decision'),
  rationale: w('Motivering', 'Rationale'),
  overrides: w('Bewust overschreven', 'Explicitly overridden'),
  none: w('geen', 'none'),
  met: w('gehaald', 'met'),
  notMet: w('niet gehaald', 'not met'),
  unknown: w('onbekend', 'unknown'),
  yes: w('ja', 'yes'),
  no: w('nee', 'no'),
  limitations: w('Beperkingen', 'Limitations'),
  risks: w('Ethische risico’s en maatregelen', 'Ethical risks and mitigations'),
  instructions: w('Gebruiksinstructies', 'Instructions for use'),
  accuracy: w('Nauwkeurigheid', 'Accuracy'),
  oversight: w('Menselijk toezicht', 'Human oversight'),
  logging: w('Vastlegging (logging)', 'Logging'),
  legalBasis: w('Wettelijke grondslag', 'Legal basis'),
  proportionality: w('Proportionaliteit', 'Proportionality'),
  humanIntervention: w('Menselijke tussenkomst', 'Human intervention'),
  methods: w('Methoden en modellen', 'Methods and models'),
  reviewDate: w('Herbeoordeling op', 'Review date'),
  roc: w('ROC-curve (kruisvalidatie)', 'ROC curve (cross-validation)'),
  calibration: w('Kalibratie (kruisgevalideerd)', 'Calibration (cross-fitted)'),
  importance: w('Gewicht van de kenmerken (gemiddelde |bijdrage|)', 'Feature importance (mean |contribution|)'),
  disparity: w(
    'Verhouding van het aandeel gesignaleerd t.o.v. de referentiegroep, met 95%-interval; groen vlak = 0,8–1,25',
    'Flag-rate ratio to the reference group, with 95% interval; green band = 0.8–1.25',
  ),
  shapes: w('Vormfuncties (additief model)', 'Shape functions (additive model)'),
  fpr: w('aandeel vals alarm', 'false positive rate'),
  tpr: w('aandeel gevonden', 'true positive rate'),
  predicted: w('voorspeld', 'predicted'),
  observed: w('waargenomen', 'observed'),
  link: w('koppelfunctie', 'link'),
  horizon: w('horizon (jaar vooruit)', 'horizon (years ahead)'),
  discovered: w('ontdekt door handhaving', 'discovered by enforcement'),
  reported: w('gemeld door bewoners', 'reported by residents'),
  verdictFigures: w('Zo is het oordeel vastgesteld', 'How the verdict was reached'),
  noVerdictFigures: w(
    'Er waren te weinig gebieden, groepen of registraties om volgens de vooraf vastgelegde regel te oordelen, of er was geen eenvoudige voorspeller voor dit doel.',
    'There were too few areas, groups or registrations to judge by the rule fixed in advance, or no baseline exists for this target.',
  ),
  groupTooSmall: w('groep te klein om te oordelen', 'group too small to judge'),
  minPopulation: w('Minimum aantal inwoners', 'Minimum population'),
  belowMinimum: w('Gebied-perioden onder het minimum (weggelaten)', 'Area-periods under the minimum (left out)'),
  minCount: w('Kleinste getoonde aantal', 'Smallest count shown'),
  recoverable: w('Terug te rekenen na secundaire onderdrukking', 'Recoverable after secondary suppression'),
  protectedAttribute: w('Beschermd kenmerk', 'Protected attribute'),
  varianceExplained: w('Verklaarde variatie (η²)', 'Variance explained (η²)'),
} as const satisfies Record<string, Text>;

export function word(lang: CardLang, id: keyof typeof WORDS): string {
  return WORDS[id][lang];
}

export const STATUS_WORDS: Readonly<Record<string, Text>> = {
  candidate: w('kandidaat', 'candidate'),
  approved: w('goedgekeurd', 'approved'),
  rejected: w('afgewezen', 'rejected'),
  production: w('in gebruik', 'in production'),
  retired: w('buiten gebruik', 'retired'),
  approve: w('goedkeuren', 'approve'),
  reject: w('afwijzen', 'reject'),
  'request-changes': w('wijzigingen gevraagd', 'changes requested'),
};

export const VERDICT_WORDS: Readonly<Record<string, Text>> = {
  'beats-baselines': w('beter dan de eenvoudige voorspellers', 'beats its baselines'),
  'no-better-than-baseline': w('NIET beter dan een eenvoudige voorspeller', 'NO better than a baseline'),
  'insufficient-evidence': w('onvoldoende bewijs om te oordelen', 'insufficient evidence to judge'),
};

export const METRIC_WORDS: Readonly<Record<string, Text>> = {
  auc: w('ROC AUC (rangorde; 0,5 = toeval, 1 = perfect)', 'ROC AUC (ranking; 0.5 = chance, 1 = perfect)'),
  prAuc: w('Gemiddelde precisie (PR AUC)', 'Average precision (PR AUC)'),
  brier: w('Brier-score (lager is beter)', 'Brier score (lower is better)'),
  logLoss: w('Log-verlies (lager is beter)', 'Log loss (lower is better)'),
  ece: w('Kalibratiefout ECE (lager is beter)', 'Calibration error ECE (lower is better)'),
  poissonDeviance: w('Poisson-deviantie (lager is beter)', 'Poisson deviance (lower is better)'),
  holdoutAuc: w('ROC AUC op het latere jaar', 'ROC AUC on the later year'),
};

export const BASELINE_WORDS: Readonly<Record<string, Text>> = {
  'pooled-rate': w('gemiddeld tempo × inwoners', 'pooled rate × population'),
  persistence: w('vorig jaar (afgevlakt)', 'last year (smoothed)'),
  'base-rate': w('basiskans voor iedereen', 'base rate for every area'),
  'logistic-scorecard': w('logistische scorekaart', 'logistic scorecard'),
};

export const ATTRIBUTE_WORDS: Readonly<Record<string, Text>> = {
  buiten_europa: w('aandeel inwoners met herkomst buiten Europa', 'share of residents born outside Europe'),
  laag_inkomen: w('aandeel huishoudens met een laag inkomen', 'share of low-income households'),
  stedelijkheid: w('stedelijkheid', 'urbanity'),
};

export const KIND_WORDS: Readonly<Record<string, Text>> = {
  gbm: w('gradient boosting met beslisbomen', 'gradient-boosted trees'),
  forest: w('random forest (beslisbomen)', 'random forest'),
  ebm: w('uitlegbaar additief model (EBM)', 'explainable boosting machine (EBM)'),
  logistic: w('logistische regressie', 'logistic regression'),
};

export const LINK_WORDS: Readonly<Record<string, Text>> = {
  logit: w('logit (kans)', 'logit (probability)'),
  log: w('logaritme (aantal)', 'log (count)'),
  identity: w('identiteit', 'identity'),
};

export const ROLE_WORDS: Readonly<Record<string, Text>> = {
  ethics_board: w('ethische commissie', 'ethics board'),
  admin: w('beheerder', 'administrator'),
  data_scientist: w('datawetenschapper', 'data scientist'),
  marine: w('stadsmarinier', 'city marine'),
  analyst: w('analist', 'analyst'),
};

export const OVERRIDE_WORDS: Readonly<Record<string, Text>> = {
  verdict: w('oordeel t.o.v. de eenvoudige voorspellers', 'verdict against the baselines'),
  'success-criteria': w('succescriteria', 'success criteria'),
  fairness: w('eerlijkheid per groep', 'fairness by group'),
};

export const CALIBRATION_WORDS: Readonly<Record<string, Text>> = {
  platt: w('Platt-schaling', 'Platt scaling'),
  isotonic: w('isotone regressie', 'isotonic regression'),
  none: w('geen', 'none'),
};

export const SUPPRESSION_WORDS: Readonly<Record<string, Text>> = {
  population: w('te weinig inwoners', 'too few inhabitants'),
  'small-count': w('te klein aantal', 'count too small'),
  secondary: w('secundair (anders terug te rekenen)', 'secondary (else recoverable)'),
};

export const MECHANISM_WORDS: Readonly<Record<string, Text>> = {
  laplace: w('Laplace-ruis', 'Laplace noise'),
  geometric: w('geometrische ruis', 'geometric noise'),
};

/** Model settings by their parameter name. */
export const PARAM_WORDS: Readonly<Record<string, Text>> = {
  nTrees: w('aantal bomen', 'number of trees'),
  learningRate: w('leersnelheid', 'learning rate'),
  maxDepth: w('maximale diepte', 'maximum depth'),
  minLeaf: w('minimum per blad', 'minimum per leaf'),
  minSamplesLeaf: w('minimum per blad', 'minimum per leaf'),
  maxBins: w('aantal klassen per kenmerk', 'bins per feature'),
  nBins: w('aantal klassen per kenmerk', 'bins per feature'),
  l2: w('L2-regularisatie', 'L2 regularisation'),
  lambda: w('regularisatie', 'regularisation'),
  subsample: w('steekproefaandeel', 'subsample'),
  interactions: w('interacties', 'interactions'),
  folds: w('aantal vouwen (kruisvalidatie)', 'cross-validation folds'),
  calibration: w('kalibratie', 'calibration'),
  objective: w('doelfunctie', 'objective'),
};

/** The governance file's required fields, by name. */
const FIELD_WORDS: Readonly<Record<string, Text>> = {
  owner: w('eigenaar', 'owner'),
  organisation: w('organisatie', 'organisation'),
  contact: w('contact', 'contact'),
  purpose: w('doel', 'purpose'),
  proportionality: w('proportionaliteit', 'proportionality'),
  humanIntervention: w('menselijke tussenkomst', 'human intervention'),
  legalBasis: w('wettelijke grondslag', 'legal basis'),
  dpiaReference: w('DPIA-kenmerk', 'DPIA reference'),
  iamaReference: w('IAMA-kenmerk', 'IAMA reference'),
  successCriteria: w('succescriteria', 'success criteria'),
  reviewDate: w('datum van herbeoordeling', 'review date'),
};

/** A missing card field (`governance.legalBasis`) in words. */
export function fieldWords(lang: CardLang, field: string): string {
  const key = field.replace(/^governance\./, '');
  return FIELD_WORDS[key]?.[lang] ?? key;
}

/** A word from one of the tables above, or the id itself when the table does not know it. */
export function known(table: Readonly<Record<string, Text>>, lang: CardLang, id: string): string {
  return table[id]?.[lang] ?? id;
}

/** A CBS period in words: `2023JJ00` → 2023, `2023KW02` → 2023 kw. 2 / 2023 Q2, `2023MM04` → 2023-04. */
export function periodWords(lang: CardLang, period: string): string {
  const m = /^(\d{4})(JJ|KW|MM)(\d{2})$/.exec(period);
  if (!m) return period;
  if (m[2] === 'JJ') return m[1]!;
  if (m[2] === 'KW') return lang === 'nl' ? `${m[1]} kw. ${Number(m[3])}` : `${m[1]} Q${Number(m[3])}`;
  return `${m[1]}-${m[3]}`;
}

const DATE = {
  nl: new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }),
};

const DAY = {
  nl: new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};

/** An ISO time as a date and time in Amsterdam ("2 december 2026 om 05:12"); the text itself when not a time. */
export function dateWords(lang: CardLang, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // a date alone (a review date) is a day, not a moment
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? DAY[lang].format(d) : DATE[lang].format(d);
}

/** A group label from the audit in plain words: `buiten_europa Q3/3` → "het hoogste derde naar …". */
export function groupWords(lang: CardLang, group: string): string {
  const q = /^(\w+) Q(\d+)\/(\d+)$/.exec(group);
  if (q) {
    const attr = ATTRIBUTE_WORDS[q[1]!]?.[lang] ?? q[1]!;
    const k = Number(q[2]),
      n = Number(q[3]);
    const nl = n === 3 ? ['laagste', 'middelste', 'hoogste'][k - 1] : `${k}e van ${n}`;
    const en = n === 3 ? ['lowest', 'middle', 'highest'][k - 1] : `${k} of ${n}`;
    return lang === 'nl' ? `het ${nl} derde naar ${attr}` : `the ${en} third by ${attr}`;
  }
  const c = /^(\w+)=(.+)$/.exec(group);
  if (c) {
    if (c[1] === 'stedelijkheid') {
      const names = {
        nl: [
          '',
          'zeer sterk stedelijke',
          'sterk stedelijke',
          'matig stedelijke',
          'weinig stedelijke',
          'niet-stedelijke',
        ],
        en: ['', 'very highly urban', 'highly urban', 'moderately urban', 'hardly urban', 'non-urban'],
      };
      const name = names[lang][Number(c[2])];
      if (name) return lang === 'nl' ? `${name} gebieden` : `${name} areas`;
    }
    return `${ATTRIBUTE_WORDS[c[1]!]?.[lang] ?? c[1]} = ${c[2]}`;
  }
  return group === 'onbekend' ? (lang === 'nl' ? 'gebieden zonder waarde' : 'areas without a value') : group;
}
