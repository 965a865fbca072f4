/** The roles a client can hold. */
export const ROLES = ['reader', 'pii_reader', 'writer', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** What a route may require. A route names one permission; roles grant sets of them. */
export const PERMISSIONS = [
  'phones:validate',
  'phones:read',
  'phones:read_pii',
  'phones:write',
  'phones:delete',
  'changes:read',
  'clients:manage',
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Least privilege: each role gets only what its job needs. Seeing unmasked
 * numbers is its own grant (`pii_reader`), not implied by `admin` or `writer`;
 * a client that needs both holds both roles.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  reader: ['phones:validate', 'phones:read', 'changes:read'],
  pii_reader: ['phones:validate', 'phones:read', 'phones:read_pii', 'changes:read'],
  writer: ['phones:validate', 'phones:read', 'phones:write'],
  admin: [
    'phones:validate',
    'phones:read',
    'phones:write',
    'phones:delete',
    'clients:manage',
    'changes:read',
  ],
  auditor: ['audit:read'],
};

/**
 * The union of the permissions of `roles`; unknown role names grant nothing.
 *
 * @example
 * permissionsOf(['reader']).has('phones:read_pii') // false
 */
export function permissionsOf(roles: readonly string[]): ReadonlySet<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) {
    for (const permission of ROLE_PERMISSIONS[role as Role] ?? []) granted.add(permission);
  }
  return granted;
}

/**
 * Keeps the known role names of a token claim or a store row, in order.
 *
 * @example
 * toRoles(['reader', 'root']) // ['reader']
 */
export function toRoles(value: unknown): Role[] {
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return names.filter((name): name is Role => (ROLES as readonly string[]).includes(name));
}
