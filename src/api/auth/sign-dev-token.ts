import { SignJWT } from 'jose';
import type { Role } from './roles.js';

export interface DevTokenOptions {
  secret: string;
  issuer: string;
  audience: string;
  subject?: string;
  roles: readonly Role[];
  /** jose duration, default `12h`. */
  expiresIn?: string;
}

/**
 * Signs an HS256 token for local development (the secret is the server's
 * `hs256Secret`). Production clients get tokens from the identity provider.
 *
 * @example
 * const token = await signDevToken({ secret, issuer: 'phoneset-dev', audience: 'phoneset', roles: ['reader'] });
 */
export function signDevToken(options: DevTokenOptions): Promise<string> {
  return new SignJWT({ roles: [...options.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject ?? 'developer')
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(options.secret));
}
