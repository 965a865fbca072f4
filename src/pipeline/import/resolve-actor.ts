import { userInfo } from 'node:os';

/**
 * Who runs a command, for the audit trail: `PHONESET_ACTOR` when set (a service account,
 * a CI job), else the operating-system user.
 *
 * @example
 * resolveActor({ PHONESET_ACTOR: 'etl-nightly' }); // 'etl-nightly'
 */
export function resolveActor(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.PHONESET_ACTOR?.trim();
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username || 'unknown';
  } catch {
    return env.USER || env.USERNAME || 'unknown';
  }
}
