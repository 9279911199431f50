/**
 * Which pages each role can use. The data rules (scope, suppression) live in
 * the deps, as in the API; this only decides which parts of the UI a role sees,
 * so that nobody is offered a page that will refuse them.
 */
import type { Role } from './deps.ts';

export type Capability = 'areas' | 'models' | 'review' | 'training' | 'start_training';

const GRANTS: Readonly<Record<Role, readonly Capability[]>> = {
  marine: ['areas'],
  analyst: ['areas'],
  data_scientist: ['areas', 'models', 'training', 'start_training'],
  ethics_board: ['models', 'review'],
  admin: ['models', 'training'],
};

/** True when the role may use the capability. */
export function can(role: Role, capability: Capability): boolean {
  return GRANTS[role].includes(capability);
}
