import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ZichtError } from '../core/index.ts';

/** What cannot be derived from the artifact and the report: written by the owner of the model. */
const governanceFileSchema = z
  .object({
    owner: z.string().optional(),
    organisation: z.string().optional(),
    contact: z.string().optional(),
    purpose: z.string().optional(),
    proportionality: z.string().optional(),
    humanIntervention: z.string().optional(),
    legalBasis: z.string().optional(),
    dpiaReference: z.string().optional(),
    iamaReference: z.string().optional(),
    intendedUsers: z.array(z.string()).optional(),
    /** Fixed before use: e.g. {metric: 'auc', min: 0.7}. */
    successCriteria: z
      .array(
        z.object({
          metric: z.string(),
          min: z.number().optional(),
          max: z.number().optional(),
          description: z.string().optional(),
        }),
      )
      .optional(),
    reviewDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2027-06-01')
      .optional(),
    synthetic: z.boolean().optional(),
  })
  .strict();

export type GovernanceFile = z.infer<typeof governanceFileSchema>;

/** Fields that block approval while empty. */
export const REQUIRED_GOVERNANCE_FIELDS = [
  'owner',
  'organisation',
  'contact',
  'purpose',
  'proportionality',
  'humanIntervention',
  'legalBasis',
  'dpiaReference',
  'iamaReference',
  'successCriteria',
  'reviewDate',
] as const;

function parseGovernanceFile(json: unknown, source = 'governance file'): GovernanceFile {
  const r = governanceFileSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new ZichtError(
      'INVALID_CONFIG',
      `${source}: field '${i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(', ') : '')}': ${i.message}`,
      { file: source },
    );
  }
  return r.data;
}

export function readGovernanceFile(path: string): GovernanceFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ZichtError('NOT_FOUND', `governance file ${path} cannot be read`, { file: path });
  }
  try {
    return parseGovernanceFile(JSON.parse(text), path);
  } catch (e) {
    if (e instanceof SyntaxError)
      throw new ZichtError('INVALID_CONFIG', `${path} is not valid JSON: ${e.message}`, { file: path });
    throw e;
  }
}

/** The governance file of the demo: complete, and explicit that everything concerns synthetic data. */
export const DEMO_GOVERNANCE: GovernanceFile = {
  owner: 'Demo-eigenaar (fictief) — zicht demonstratie',
  organisation: 'Voorbeeldgemeente (fictief, synthetische demonstratie)',
  contact: 'demo@zicht.invalid',
  purpose:
    'Demonstratie: laten zien hoe zicht wijken signaleert waarvan het patroon lijkt op dat van wijken met geregistreerde drugshandel, op SYNTHETISCHE gegevens. Niet voor gebruik op echte gebieden.',
  proportionality:
    'Alleen gebiedsniveau (wijken ≥ 100 inwoners); geen persoonsgegevens; een signaal voor aandacht en preventie, nooit bewijs. Demonstratie op synthetische data.',
  humanIntervention:
    'Een stadsmarinier beoordeelt elk signaal samen met wijkkennis voordat er iets gebeurt; de ethische commissie keurt elke versie goed voordat die mag draaien.',
  legalBasis:
    'Niet van toepassing: synthetische demonstratie. Bij echt gebruik: taak van algemeen belang (art. 6 lid 1 sub e AVG) op geaggregeerde open data, vast te stellen door de gemeente.',
  dpiaReference: 'DEMO-DPIA-0 (synthetisch; geen persoonsgegevens verwerkt)',
  iamaReference: 'DEMO-IAMA-0 (synthetisch)',
  intendedUsers: ['stadsmarinier', 'gemeentelijk analist', 'ethische commissie'],
  successCriteria: [
    { metric: 'auc', min: 0.7, description: 'cross-validated ROC AUC (lower CI bound) at least 0.70' },
    { metric: 'ece', max: 0.05, description: 'expected calibration error at most 0.05' },
  ],
  reviewDate: '2027-06-01',
  synthetic: true,
};
