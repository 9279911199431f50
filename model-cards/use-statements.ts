/**
 * What the card says about use: limitations, risks with the mitigations that ran, intended and
 * out-of-scope uses, instructions, the method in one sentence and the labels' provenance. Each
 * statement comes from a recorded fact of the run.
 */
import type { ModelCard } from './card.ts';
import {
  CALIBRATION_WORDS,
  KIND_WORDS,
  groupWords,
  int,
  known,
  num,
  pct,
  withInterval,
  type CardLang,
} from './messages.ts';
import { featureLabel, metricName } from './statements.ts';

type L = CardLang;
const pick = (lang: L, nl: string, en: string) => (lang === 'nl' ? nl : en);

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
