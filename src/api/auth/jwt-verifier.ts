import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  type JWTPayload,
  type JWTVerifyGetKey,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { PhonesetError } from '../../core/errors.js';

/** How bearer JWTs are checked. At least one of `jwksUrl` and `hs256Secret` must be set. */
export interface JwtConfig {
  /** Required `iss`. */
  issuer: string;
  /** Required `aud` (one of the token's audiences). */
  audience: string;
  /** The identity provider's JWKS (asymmetric keys, e.g. RS256/ES256). */
  jwksUrl?: string | undefined;
  /** Shared secret for HS256 tokens: development and tests only. At least 32 bytes. */
  hs256Secret?: string | undefined;
  /** Algorithms accepted from the JWKS. Default RS256, PS256, ES256, EdDSA. */
  jwksAlgorithms?: string[] | undefined;
  /** Claim holding the roles (array, or space/comma separated string). Default `roles`. */
  rolesClaim?: string | undefined;
  /** Seconds of clock skew tolerated on exp/nbf. Default 30. */
  clockToleranceSeconds?: number | undefined;
}

/** The verified claims the API uses. */
export interface VerifiedToken {
  subject: string;
  roles: unknown;
  payload: JWTPayload;
}

export type JwtVerifier = (token: string) => Promise<VerifiedToken>;

const DEFAULT_JWKS_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

function refuse(reason: string, detail: string, cause?: unknown): PhonesetError {
  return new PhonesetError('API_UNAUTHENTICATED', { detail, reason }, { cause });
}

/** Turns jose's error classes into a stable, client-safe reason. */
function explain(error: unknown): PhonesetError {
  if (error instanceof PhonesetError) return error;
  if (error instanceof joseErrors.JWTExpired) return refuse('token_expired', 'token expired', error);
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const claim = error.claim;
    const reason =
      claim === 'aud' ? 'wrong_audience' : claim === 'iss' ? 'wrong_issuer' : `bad_claim_${claim}`;
    return refuse(reason, `claim "${claim}" ${error.reason}`, error);
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) {
    return refuse('algorithm_not_allowed', 'token algorithm not allowed', error);
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return refuse('bad_signature', 'token signature does not verify', error);
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return refuse('unknown_key', 'no key of the identity provider matches the token', error);
  }
  if (error instanceof joseErrors.JWKSTimeout) {
    return refuse('jwks_unavailable', 'identity provider keys could not be fetched', error);
  }
  return refuse('malformed_token', 'token is not a valid JWT', error);
}

/**
 * Builds the bearer-token check: signature (HS256 secret or the IdP's JWKS),
 * pinned algorithms (`alg: none` and anything unlisted is refused), `iss`, `aud`,
 * and a required `exp`.
 *
 * @example
 * const verify = createJwtVerifier({ issuer: 'https://idp', audience: 'phoneset', jwksUrl: 'https://idp/jwks' });
 * const { subject, roles } = await verify(token);
 */
export function createJwtVerifier(config: JwtConfig): JwtVerifier {
  if (!config.jwksUrl && !config.hs256Secret) {
    throw new PhonesetError('CONFIG_INVALID', {
      where: 'auth.jwt',
      detail: 'set jwksUrl (identity provider) or hs256Secret (development)',
    });
  }
  if (config.hs256Secret !== undefined && Buffer.byteLength(config.hs256Secret) < 32) {
    throw new PhonesetError('CONFIG_INVALID', {
      where: 'auth.jwt.hs256Secret',
      detail: 'must be at least 32 bytes',
    });
  }
  const secret = config.hs256Secret ? new TextEncoder().encode(config.hs256Secret) : undefined;
  const jwks = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : undefined;
  const jwksAlgorithms = config.jwksAlgorithms ?? DEFAULT_JWKS_ALGORITHMS;
  const algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? jwksAlgorithms : [])];
  const rolesClaim = config.rolesClaim ?? 'roles';

  // The key follows the token's declared algorithm, but only among the pinned
  // ones: an HS256 token is never checked against a public key (the classic
  // RS/HS confusion), and jwtVerify rejects any alg outside `algorithms`.
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (jwks && header.alg && jwksAlgorithms.includes(header.alg)) return jwks(header, token);
    throw new joseErrors.JOSEAlgNotAllowed(`alg ${String(header.alg)} not allowed`);
  };

  return async (token) => {
    try {
      decodeProtectedHeader(token);
      const { payload } = await jwtVerify(token, getKey, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: config.clockToleranceSeconds ?? 30,
      });
      return { subject: payload.sub as string, roles: payload[rolesClaim], payload };
    } catch (error) {
      throw explain(error);
    }
  };
}
