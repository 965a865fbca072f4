import { readFileSync } from 'node:fs';
import {
  createSuiteEvaluator,
  evaluateGate,
  type MetricsHistoryEntry,
  parseExpectationSuiteOrThrow,
  type QualityReport,
} from '../../src/core/quality/index.js';
import type { PhoneRecord, SourceSystem } from '../../src/core/registry/phone-record.js';

/** Deterministic PRNG (mulberry32), so the fixture and its screenshot are stable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, weighted: ReadonlyArray<readonly [T, number]>): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, w] of weighted) {
    r -= w;
    if (r <= 0) return value;
  }
  return (weighted[weighted.length - 1] as readonly [T, number])[0];
}

const NOW = new Date('2026-11-28T06:00:00Z');

/**
 * A realistic registry: mostly Colombian mobiles (Claro, Movistar, Tigo, WOM), 60X fixed lines,
 * some foreign numbers, a few invalid and fake numbers, several sources, one customer with too
 * many phones, and unresolved duplicates.
 */
export function generateRegistry(
  count: number,
  seed = 7,
): { records: PhoneRecord[]; duplicateIds: Set<string> } {
  const random = rng(seed);
  const records: PhoneRecord[] = [];
  const duplicateIds = new Set<string>();
  let customer = 1000;
  let phonesLeft = 0;
  for (let i = 1; i <= count; i++) {
    if (phonesLeft <= 0) {
      customer++;
      phonesLeft = pick(random, [
        [1, 50],
        [2, 30],
        [3, 14],
        [4, 5],
        [5, 1],
      ]);
    }
    phonesLeft--;
    const country = pick(random, [
      ['CO', 88],
      ['US', 4],
      ['MX', 3],
      ['ES', 2],
      ['VE', 2],
      ['EC', 1],
    ] as const);
    const type =
      country === 'CO'
        ? pick(random, [
            ['mobile', 78],
            ['fixed', 18],
            ['toll_free', 1],
            ['voip', 1],
          ] as const)
        : pick(random, [
            ['mobile', 70],
            ['fixed', 25],
            ['fixed_or_mobile', 5],
          ] as const);
    const carrier =
      type === 'mobile'
        ? country === 'CO'
          ? pick(random, [
              ['Claro', 46],
              ['Movistar', 23],
              ['Tigo', 19],
              ['WOM', 8],
              ['Virgin Mobile', 4],
            ] as const)
          : pick(random, [
              ['AT&T', 1],
              ['Telcel', 1],
              ['Movistar', 1],
              ['Verizon', 1],
            ] as const)
        : null;
    const fake = random() < 0.012;
    const valid = random() > 0.024;
    const issues: string[] = [];
    if (!valid)
      issues.push(
        pick(random, [
          ['INVALID_FOR_REGION', 3],
          ['TOO_SHORT', 2],
          ['INVALID_LENGTH', 1],
        ] as const),
      );
    if (fake) issues.push('FAKE_PATTERN');
    if (type === 'fixed' && country === 'CO' && random() < 0.4) issues.push('LEGACY_FIXED_MIGRATED');
    if (random() < 0.25) issues.push('FORMAT_CLEANED');
    if (random() < 0.05) issues.push('COUNTRY_CODE_WITHOUT_PLUS');
    if (random() < 0.02) issues.push('EXTENSION_REMOVED');
    const source = pick(random, [
      ['crm_salesforce', 40],
      ['call_center', 22],
      ['web_forms', 18],
      ['mobile_app', 14],
      ['manual_upload', 6],
    ] as const) as SourceSystem;
    const ageHours = random() < 0.03 ? 800 + random() * 2000 : random() * 600;
    const updated = new Date(NOW.getTime() - ageHours * 3_600_000 - 1_800_000);
    const digits = String(Math.floor(random() * 1e7)).padStart(7, '0');
    const phone =
      country === 'CO'
        ? type === 'fixed'
          ? `+57601${digits}`
          : `+57300${digits}`
        : `+1${Math.floor(2e9 + random() * 7e9)}`;
    const id = String(i);
    if (random() < 0.004) duplicateIds.add(id);
    records.push({
      phone_id: id,
      customer_id: `C${customer}`,
      phone_number: i === 17 ? '573001234567' : phone,
      phone_type: type,
      country_code: country,
      carrier,
      region: null,
      timezone: null,
      is_valid: valid,
      is_primary: phonesLeft === 0,
      is_verified: random() < 0.62,
      verification_method: null,
      confidence_score: valid ? 0.9 : 0.3,
      source_system: source,
      sources: [source],
      times_seen: 1,
      issues,
      merged_into: null,
      created_at: updated,
      updated_at: updated,
      deleted_at: null,
    });
  }
  // One customer with far too many phones.
  for (let k = 0; k < 7; k++) {
    const id = String(count + k + 1);
    const base = records[0] as PhoneRecord;
    records.push({ ...base, phone_id: id, customer_id: 'C999999', phone_number: `+5731055500${k}0` });
  }
  return { records, duplicateIds };
}

/** Fourteen earlier nightly runs with a slow drift, then today's. */
export function generateHistory(days = 14, seed = 3): MetricsHistoryEntry[] {
  const random = rng(seed);
  return Array.from({ length: days }, (_, i) => {
    const at = new Date(NOW.getTime() - (days - i) * 86_400_000);
    const wobble = () => (random() - 0.5) * 0.006;
    return {
      historyKey: 'registry',
      level: 'registry' as const,
      executed_at: at.toISOString(),
      total: 9000 + i * 70,
      scores: {
        completeness: 0.985 + wobble(),
        accuracy: 0.992 + wobble(),
        validity: 0.986 + wobble(),
        uniqueness: 0.997 + wobble() / 3,
        timeliness: 0.95 + wobble() * 2,
      },
    };
  });
}

/** The report the screenshot test renders: default suite over the generated registry. */
export function buildFixtureReport(count = 12_000): QualityReport {
  const path = new URL('../../config/expectations.yaml', import.meta.url);
  const suite = parseExpectationSuiteOrThrow(readFileSync(path, 'utf8'), 'config/expectations.yaml');
  const { records, duplicateIds } = generateRegistry(count);
  const evaluator = createSuiteEvaluator(suite, {
    level: 'registry',
    now: NOW,
    unresolvedDuplicates: { ids: duplicateIds },
  });
  for (const record of records) evaluator.add(record);
  const evaluation = evaluator.result();
  const history = generateHistory();
  const gate = evaluateGate(
    { subject: 'registry', historyKey: 'registry', evaluation },
    history,
    suite.config.gate,
  );
  return {
    title: 'Customer phone registry — quality report',
    subject: 'registry',
    dataset_version: '2026.11.28-1',
    generated_at: NOW.toISOString(),
    evaluation,
    history,
    gate,
    metadata_version: '1.13.16',
  };
}
