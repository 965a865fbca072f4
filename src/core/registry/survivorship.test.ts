import { describe, expect, it } from 'vitest';
import type { PhoneRecord } from './phone-record.js';
import { DEFAULT_SURVIVORSHIP, type IncomingPhone, mergeBySurvivorship } from './survivorship.js';

const T0 = new Date('2026-11-01T00:00:00Z');
const T1 = new Date('2026-11-02T00:00:00Z');
const NOW = new Date('2026-11-28T00:00:00Z');

const existing: PhoneRecord = {
  phone_id: '7',
  customer_id: 'C1',
  phone_number: '+573001234567',
  phone_type: 'mobile',
  country_code: 'CO',
  carrier: 'Claro',
  region: null,
  timezone: 'America/Bogota',
  is_valid: true,
  is_primary: false,
  is_verified: false,
  verification_method: null,
  confidence_score: 0.8,
  source_system: 'web_forms',
  sources: ['web_forms'],
  times_seen: 2,
  issues: ['FORMAT_CLEANED'],
  merged_into: null,
  created_at: T0,
  updated_at: T0,
  deleted_at: null,
};

function incoming(overrides: Partial<IncomingPhone>): IncomingPhone {
  return {
    customer_id: 'C1',
    phone_number: '+573001234567',
    phone_type: 'mobile',
    country_code: 'CO',
    carrier: 'Movistar',
    region: null,
    timezone: 'America/Bogota',
    is_valid: true,
    is_primary: false,
    is_verified: false,
    verification_method: null,
    confidence_score: 0.8,
    source_system: 'web_forms',
    issues: [],
    observed_at: T0,
    ...overrides,
  };
}

describe('mergeBySurvivorship', () => {
  it.each([
    [
      'verified beats higher confidence',
      { is_verified: true, verification_method: 'sms', confidence_score: 0.5 },
      'incoming',
      'verified',
    ],
    ['between two unverified, confidence decides', { confidence_score: 0.99 }, 'incoming', 'confidence'],
    ['higher confidence wins', { confidence_score: 0.95 }, 'incoming', 'confidence'],
    ['lower confidence loses', { confidence_score: 0.6, observed_at: T1 }, 'existing', 'confidence'],
    ['equal confidence: the more recent wins', { observed_at: T1 }, 'incoming', 'recency'],
    [
      'equal and older: existing stays',
      { observed_at: new Date('2026-10-01T00:00:00Z') },
      'existing',
      'recency',
    ],
    [
      'all equal: the more trusted source wins',
      { source_system: 'crm_salesforce' },
      'incoming',
      'source_priority',
    ],
    [
      'all equal: a less trusted source loses',
      { source_system: 'manual_upload' },
      'existing',
      'source_priority',
    ],
    ['a full tie keeps the existing record', {}, 'existing', 'tie'],
  ] as const)('%s', (_, overrides, winner, decidedBy) => {
    const result = mergeBySurvivorship(existing, incoming(overrides), NOW);
    expect([result.winner, result.decidedBy]).toEqual([winner, decidedBy]);
    expect(result.record.carrier).toBe(winner === 'incoming' ? 'Movistar' : 'Claro');
  });

  it('keeps a verified record against a more confident unverified one', () => {
    const verified = { ...existing, is_verified: true, verification_method: 'call' };
    const result = mergeBySurvivorship(verified, incoming({ confidence_score: 0.99 }), NOW);
    expect([result.winner, result.decidedBy, result.record.is_verified]).toEqual([
      'existing',
      'verified',
      true,
    ]);
  });

  it('keeps the union of sources in priority order and counts one more sighting, whoever wins', () => {
    const lose = mergeBySurvivorship(
      existing,
      incoming({ source_system: 'call_center', confidence_score: 0.1 }),
      NOW,
    );
    expect(lose.record.sources).toEqual(['call_center', 'web_forms']);
    expect(lose.record.times_seen).toBe(3);
    expect(lose.record.carrier).toBe('Claro');
    expect(lose.changed).toBe(true);
    expect(lose.record.updated_at).toEqual(NOW);
  });

  it('reports an identical re-observation as unchanged and leaves updated_at alone', () => {
    const same = incoming({ carrier: 'Claro', issues: ['FORMAT_CLEANED'] });
    const result = mergeBySurvivorship(existing, same, NOW);
    expect([result.changed, result.record.times_seen, result.record.updated_at]).toEqual([false, 3, T0]);
  });

  it('keeps identity, creation time and primary flag of the existing record', () => {
    const primary = { ...existing, is_primary: true };
    const { record } = mergeBySurvivorship(primary, incoming({ confidence_score: 1 }), NOW);
    expect([record.phone_id, record.created_at, record.is_primary, record.source_system]).toEqual([
      '7',
      T0,
      true,
      'web_forms',
    ]);
  });

  it('follows a configured order of steps and source priority', () => {
    const config = {
      ...DEFAULT_SURVIVORSHIP,
      steps: ['source_priority', 'confidence'] as const,
      sourcePriority: ['mobile_app', 'web_forms'] as const,
    };
    const result = mergeBySurvivorship(
      existing,
      incoming({ source_system: 'mobile_app', confidence_score: 0.1 }),
      NOW,
      {
        ...config,
        steps: [...config.steps],
        sourcePriority: [...config.sourcePriority],
      },
    );
    expect([result.winner, result.decidedBy]).toEqual(['incoming', 'source_priority']);
  });

  it('treats confidences within the tolerance as equal', () => {
    const result = mergeBySurvivorship(existing, incoming({ confidence_score: 0.81, observed_at: T0 }), NOW, {
      ...DEFAULT_SURVIVORSHIP,
      confidenceTolerance: 0.05,
    });
    expect(result.decidedBy).toBe('tie');
  });
});
