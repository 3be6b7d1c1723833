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

/** An authenticated caller: the credential's name (rate limits and logs key on it) and role. */
export interface Principal {
  name: string;
  role: Role;
}
