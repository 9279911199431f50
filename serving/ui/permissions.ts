/**
 * Which pages each role can use, derived from the one role table (`auth/permissions.ts`), so the
 * UI never offers a page the API would refuse and never grants what the API does not.
 */
import { allowed, type Permission } from '../auth/permissions.ts';
import type { Role } from './deps.ts';

export type Capability = 'areas' | 'models' | 'review' | 'training' | 'start_training';

const NEEDS: Readonly<Record<Capability, Permission>> = {
  areas: 'areas:read',
  models: 'models:read',
  review: 'models:review',
  training: 'training:read',
  start_training: 'training:run',
};

/** True when the role may use the capability. */
export function can(role: Role, capability: Capability): boolean {
  return allowed(role, NEEDS[capability]);
}
