import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../phone/index.js';
import { createRng } from './create-rng.js';
import { type GeneratedRow, INJECTION_KINDS, type WrittenForm } from './customer-export.js';
import { generateCustomerExport } from './generate-customer-export.js';
import { injectTypo } from './inject-typo.js';

const take = (rows: number, seed: number | string): GeneratedRow[] => [
  ...generateCustomerExport({ rows, seed }),
];

// One sample shared by the statistical tests: large enough for stable shares.
const sample = take(40_000, 20261128);

// Forms no engine can read back to the true number: digits lost or area missing.
const UNRECOVERABLE: WrittenForm[] = ['excel_scientific', 'fixed_bare7'];

describe('createRng', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const sa = Array.from({ length: 50 }, () => a.nextUint32());
    expect(Array.from({ length: 50 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 50 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('draws integers uniformly in range', () => {
    const rng = createRng('uniform');
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[rng.int(10)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe('injectTypo', () => {
  it.each(['typo_substitution', 'typo_transposition', 'typo_deletion', 'typo_insertion'] as const)(
    '%s changes the number but keeps the prefix',
    (kind) => {
      const rng = createRng(kind);
      for (let i = 0; i < 500; i++) {
        const typed = injectTypo('3104857261', kind, rng);
        expect(typed).not.toBe('3104857261');
        expect(typed.slice(0, 3)).toBe('310');
        const expectedLength = kind === 'typo_deletion' ? 9 : kind === 'typo_insertion' ? 11 : 10;
        expect(typed).toHaveLength(expectedLength);
      }
    },
  );
});

describe('generateCustomerExport', () => {
  it('gives the same rows for the same seed and different rows for another seed', () => {
    expect(JSON.stringify(take(3000, 42))).toBe(JSON.stringify(take(3000, 42)));
    expect(JSON.stringify(take(3000, 43))).not.toBe(JSON.stringify(take(3000, 42)));
  });

  it('produces exactly the rows asked for, each with a unique source_record_id', () => {
    for (const rows of [0, 1, 7, 1023, 1024, 1025, 5000]) {
      const out = take(rows, rows);
      expect(out).toHaveLength(rows);
      expect(new Set(out.map((r) => r.record.source_record_id)).size).toBe(rows);
      for (const r of out) expect(r.truth.source_record_id).toBe(r.record.source_record_id);
    }
  });

  it('streams lazily: the first rows of a trillion-row export come without building it', () => {
    const iterator = generateCustomerExport({ rows: 1e12, seed: 1 })[Symbol.iterator]();
    const first = Array.from({ length: 5000 }, () => iterator.next());
    expect(first.every((r) => r.done === false)).toBe(true);
    iterator.return?.(undefined);
  });

  it('has about 2.3 rows per customer and every injection kind', () => {
    const customers = new Set(sample.map((r) => r.record.customer_id));
    const perCustomer = sample.length / customers.size;
    expect(perCustomer).toBeGreaterThan(2.1);
    expect(perCustomer).toBeLessThan(2.5);
    const kinds = new Set(sample.map((r) => r.truth.kind));
    for (const kind of INJECTION_KINDS) expect(kinds, kind).toContain(kind);
  });

  it('is mostly Colombian mobiles, then fixed lines in both plans, some international and some junk', () => {
    const share = (test: (r: GeneratedRow) => boolean) => sample.filter(test).length / sample.length;
    const mobile = share((r) => r.truth.true_e164?.startsWith('+573') === true);
    const fixed = share((r) => r.truth.true_e164?.startsWith('+5760') === true);
    const oldPlan = share((r) => r.truth.form.startsWith('fixed_old_'));
    const international = share((r) => r.truth.true_e164 !== null && !r.truth.true_e164.startsWith('+57'));
    const noNumber = share((r) => r.truth.true_e164 === null);
    expect(mobile).toBeGreaterThan(0.6);
    expect(mobile).toBeLessThan(0.85);
    expect(fixed).toBeGreaterThan(0.1);
    expect(fixed).toBeLessThan(0.25);
    expect(oldPlan).toBeGreaterThan(0.04);
    expect(international).toBeGreaterThan(0.03);
    expect(international).toBeLessThan(0.12);
    expect(noNumber).toBeGreaterThan(0.03);
    expect(noNumber).toBeLessThan(0.1);
    const mobilePlain = share((r) => r.truth.form === 'mobile_plain');
    expect(mobilePlain).toBeGreaterThan(0.12);
    for (const form of ['mobile_0057', 'mobile_fullwidth', 'mobile_tel_uri', 'two_numbers'] as const) {
      expect(
        share((r) => r.truth.form === form),
        form,
      ).toBeGreaterThan(0.002);
    }
  });

  it('writes the messy forms it claims', () => {
    const raw = (form: WrittenForm) =>
      sample.filter((r) => r.truth.form === form).map((r) => r.record.phone_number);
    expect(raw('mobile_0057').every((s) => s.startsWith('0057'))).toBe(true);
    expect(raw('mobile_nbsp').every((s) => s.includes('\u00a0'))).toBe(true);
    expect(raw('mobile_fullwidth').every((s) => /[\uff10-\uff19]/.test(s))).toBe(true);
    expect(raw('mobile_excel_apostrophe').every((s) => s.startsWith("'"))).toBe(true);
    expect(raw('mobile_tel_uri').every((s) => s.startsWith('tel:+57-'))).toBe(true);
    expect(raw('excel_scientific').every((s) => /^\d\.\d+E\+\d\d$/.test(s))).toBe(true);
    expect(raw('fixed_old_parens').every((s) => /^\([1245678]\) [2-8]/.test(s))).toBe(true);
    expect(raw('fixed_bare7').every((s) => s.replace(/\D/g, '').length === 7)).toBe(true);
  });

  it('gives a valid true E.164 to every row that stands for a real phone', () => {
    for (const { truth } of sample) {
      if (truth.kind === 'junk' || truth.kind === 'fake') {
        expect(truth.true_e164).toBeNull();
        expect(truth.cluster_id).toBeNull();
        continue;
      }
      const parsed = parsePhoneNumberFromString(truth.true_e164 ?? '');
      expect(parsed?.isValid(), truth.true_e164 ?? 'null').toBe(true);
      expect(parsed?.number).toBe(truth.true_e164);
    }
  });

  it('keeps clusters within one customer and one number; shared and near numbers get their own', () => {
    const byCluster = new Map<string, GeneratedRow[]>();
    for (const row of sample) {
      if (row.truth.cluster_id === null) continue;
      byCluster.set(row.truth.cluster_id, [...(byCluster.get(row.truth.cluster_id) ?? []), row]);
    }
    let duplicates = 0;
    for (const rows of byCluster.values()) {
      expect(new Set(rows.map((r) => r.record.customer_id)).size).toBe(1);
      expect(new Set(rows.map((r) => r.truth.true_e164)).size).toBe(1);
      expect(
        rows.filter((r) => r.truth.kind === 'near_number' || r.truth.kind === 'shared_number').length,
      ).toBeLessThanOrEqual(1);
      if (rows.length > 1) duplicates++;
    }
    expect(duplicates).toBeGreaterThan(byCluster.size * 0.1);

    const byCustomerNumber = new Map<string, Set<string>>();
    for (const { truth } of sample) {
      if (!truth.true_e164 || !truth.cluster_id) continue;
      const key = `${truth.customer_id} ${truth.true_e164}`;
      byCustomerNumber.set(key, (byCustomerNumber.get(key) ?? new Set()).add(truth.cluster_id));
    }
    // The same number of the same customer is one cluster, unless two draws collided.
    const split = [...byCustomerNumber.values()].filter((s) => s.size > 1).length;
    expect(split).toBeLessThan(5);

    const shared = sample.filter((r) => r.truth.kind === 'shared_number');
    const owners = new Map<string, Set<string>>();
    for (const { truth } of sample) {
      if (truth.true_e164)
        owners.set(truth.true_e164, (owners.get(truth.true_e164) ?? new Set()).add(truth.customer_id));
    }
    const trulyShared = shared.filter((r) => (owners.get(r.truth.true_e164 as string)?.size ?? 0) > 1).length;
    expect(trulyShared / shared.length).toBeGreaterThan(0.5);

    // A near number is drawn right after the phone it neighbours, so that phone is always there.
    const near = sample.filter((r) => r.truth.kind === 'near_number');
    expect(near.length).toBeGreaterThan(50);
    for (const row of near) {
      const e164 = row.truth.true_e164 as string;
      const neighbour = sample.some(
        (s) =>
          s.record.customer_id === row.record.customer_id &&
          s.truth.cluster_id !== row.truth.cluster_id &&
          s.truth.true_e164 !== e164 &&
          s.truth.true_e164?.slice(0, -1) === e164.slice(0, -1),
      );
      expect(neighbour, e164).toBe(true);
    }
  });

  it('writes typo rows with digits that differ from the true number', () => {
    const typos = sample.filter((r) => r.truth.kind.startsWith('typo_'));
    expect(typos.length).toBeGreaterThan(100);
    for (const { record, truth } of typos) {
      const written = record.phone_number.replace(/\D/g, '');
      const international = (truth.true_e164 as string).slice(1);
      expect(written).not.toBe(international);
      expect(international.endsWith(written)).toBe(false);
    }
  });

  // Colombian forms that generic parsing gets wrong (0057 read as +7, old 7-digit plan, two
  // numbers in one field): the phone engine reads them back by design.
  const COLOMBIAN_SPECIAL = (form: WrittenForm) =>
    form === 'mobile_0057' || form === 'two_numbers' || form.startsWith('fixed_old_');

  const mismatchesOf = (select: (form: WrittenForm) => boolean) => {
    const mismatches: Record<string, string[]> = {};
    for (const { record, truth } of sample) {
      if (!truth.true_e164 || truth.kind.startsWith('typo_') || UNRECOVERABLE.includes(truth.form)) continue;
      if (!select(truth.form)) continue;
      const result = normalizePhone(record.phone_number, { defaultCountry: 'CO' });
      if (result.normalized !== truth.true_e164) {
        const list = mismatches[truth.form] ?? [];
        mismatches[truth.form] = list;
        if (list.length < 3) list.push(`${JSON.stringify(record.phone_number)} → ${result.normalized}`);
      }
    }
    return mismatches;
  };

  it('writes every readable row so that normalizing it gives the true number', () => {
    expect(mismatchesOf((form) => !COLOMBIAN_SPECIAL(form))).toEqual({});
  });

  it('writes 0057, old-plan and two-number rows so that the engine reads back the true number', () => {
    expect(mismatchesOf(COLOMBIAN_SPECIAL)).toEqual({});
  });
});
