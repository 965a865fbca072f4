import { describe, expect, it } from 'vitest';
import type { PhoneRecord } from '../registry/phone-record.js';
import { compareSurvivorship } from './compare-survivorship.js';
import { DEFAULT_DEDUPE_CONFIG } from './dedupe-config.js';
import { resolveDedupeConfig } from './resolve-dedupe-config.js';
import { makeTestRecord } from './test-record.fixture.js';

const master = (records: PhoneRecord[], config = DEFAULT_DEDUPE_CONFIG): string =>
  ([...records].sort((x, y) => compareSurvivorship(x, y, config))[0] as PhoneRecord).phone_id;

describe('compareSurvivorship', () => {
  const verified = makeTestRecord({ phone_id: 'v', is_verified: true, confidence_score: 0.5 });
  const confident = makeTestRecord({ phone_id: 'c', confidence_score: 0.95 });
  const recent = makeTestRecord({ phone_id: 'r', confidence_score: 0.5, updated_at: new Date('2026-01-01') });
  const crm = makeTestRecord({ phone_id: 's', confidence_score: 0.5, source_system: 'crm_salesforce' });
  const manual = makeTestRecord({ phone_id: 'm', confidence_score: 0.5, source_system: 'manual_upload' });

  it('prefers verified, then confidence, then recency, then source priority', () => {
    expect(master([confident, verified, recent])).toBe('v');
    expect(master([recent, confident])).toBe('c');
    expect(master([crm, recent])).toBe('r');
    expect(master([manual, crm])).toBe('s');
  });

  it('follows a configured order and source priority', () => {
    const config = resolveDedupeConfig({
      survivorship: {
        steps: ['source_priority', 'verified'],
        sourcePriority: ['manual_upload', 'crm_salesforce'],
      },
    });
    expect(master([crm, manual, verified], config)).toBe('m');
  });

  it('breaks full ties by phone id so the choice never depends on input order', () => {
    const a = makeTestRecord({ phone_id: 'a' });
    const b = makeTestRecord({ phone_id: 'b' });
    expect(master([b, a])).toBe('a');
    expect(master([a, b])).toBe('a');
  });
});
