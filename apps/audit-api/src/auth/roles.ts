/**
 * Roles of a credential. `analyst` reads everything with personal data (requester e-mail and
 * tenant id) redacted; `pii` reads it unredacted; `admin` also sees the API's configuration.
 */
export const ROLES = ['analyst', 'pii', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who may see the requester's e-mail and tenant id. */
export function canSeePersonalData(role: Role): boolean {
  return role === 'pii' || role === 'admin';
}

/** The one target a scoped key may see (rows whose target_type and target_id are these). */
export interface TargetScope {
  targetType: string;
  targetId: string;
}

/**
 * An authenticated caller: the credential's name (rate limits and logs key on it), role, and
 * for a scoped key the target it is bound to.
 */
export interface Principal {
  name: string;
  role: Role;
  target?: TargetScope;
}
