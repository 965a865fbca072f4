import type { PhoneRecord } from '../registry/phone-record.js';
import type { DedupeConfig } from './dedupe-config.js';

/**
 * Orders two registry records by survivorship, with the registry's `SurvivorshipConfig`
 * (src/core/registry/survivorship.ts decides an existing record against an incoming
 * observation; this decides the master among records of one cluster): negative when `a` should be the master. Steps run in
 * the configured order (default verified > confidence > recency > source priority); the
 * phone id breaks the last tie so that the choice is deterministic.
 *
 * @example
 * [b, a].sort((x, y) => compareSurvivorship(x, y, config))[0] // the master
 */
export function compareSurvivorship(a: PhoneRecord, b: PhoneRecord, config: DedupeConfig): number {
  const priority = config.survivorship.sourcePriority;
  for (const step of config.survivorship.steps) {
    let d = 0;
    if (step === 'verified') d = Number(b.is_verified) - Number(a.is_verified);
    else if (step === 'confidence') {
      d = b.confidence_score - a.confidence_score;
      if (Math.abs(d) <= config.survivorship.confidenceTolerance) d = 0;
    } else if (step === 'recency') d = b.updated_at.getTime() - a.updated_at.getTime();
    else d = rank(priority, a.source_system) - rank(priority, b.source_system);
    if (d !== 0) return d;
  }
  return a.phone_id < b.phone_id ? -1 : a.phone_id > b.phone_id ? 1 : 0;
}

function rank(priority: readonly string[], source: string): number {
  const i = priority.indexOf(source);
  return i < 0 ? priority.length : i;
}
