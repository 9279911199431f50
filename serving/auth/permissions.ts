import type { Role } from './tokens.ts';

/** What each role may do — the one place where this is decided. */
const PERMISSIONS = {
  'areas:read': ['marine', 'analyst', 'data_scientist', 'ethics_board', 'admin'],
  'areas:what-if': ['analyst', 'data_scientist'],
  'models:read': ['marine', 'analyst', 'data_scientist', 'ethics_board', 'admin'],
  'models:review': ['ethics_board'],
  'models:promote': ['admin'],
  'training:run': ['data_scientist'],
  'training:read': ['data_scientist', 'admin'],
  'audit:read': ['admin', 'ethics_board'],
  'metrics:read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allowed(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
