/** Ten distinct, plausible Colombian mobiles (none sequential or repeated, so no fake-number rule fires). */
export const MOBILES = [
  '3004817263',
  '3105932841',
  '3157720194',
  '3202648153',
  '3018845276',
  '3126690437',
  '3173301958',
  '3009146625',
  '3114478302',
  '3168827519',
];

const iso = (d: Date): string => d.toISOString();

/**
 * A clean batch: one valid, fresh phone per customer.
 *
 * @example
 * kit.file('clean.csv', cleanCsv(new Date()));
 */
export function cleanCsv(now: Date, prefix = 'K'): string {
  const fresh = iso(new Date(now.getTime() - 2 * 3_600_000));
  return `customer_id,phone,updated_at\n${MOBILES.map((m, i) => `${prefix}${i + 1},${m},${fresh}`).join('\n')}\n`;
}

/**
 * The small mixed batch the report numbers are hand-computed from (see the test).
 *
 * @example
 * kit.file('mixed.csv', mixedCsv(new Date()));
 */
export function mixedCsv(now: Date): string {
  const fresh = iso(new Date(now.getTime() - 2 * 3_600_000));
  return [
    'customer_id,phone,updated_at',
    `C1,${MOBILES[0]},${fresh}`, // row 1: valid
    `C1,${MOBILES[1]},2020-01-01T00:00:00Z`, // row 2: valid, stale
    `C2,${MOBILES[2]},${fresh}`, // row 3: valid
    `C3,300481726,${fresh}`, // row 4: nine digits: invalid for the plan, kept and flagged
    `C4,${MOBILES[0]},${fresh}`, // row 5: valid (a number shared with C1)
    `,${MOBILES[3]},${fresh}`, // row 6: no customer id: rejected, incomplete
    `C1,${MOBILES[0]},${fresh}`, // row 7: the same customer and number again: a duplicate
    '',
  ].join('\n');
}

/**
 * A batch that fails its own checks (three of five rows have no customer id: completeness 0.4)
 * while the rows it adds to the registry are clean, so only the batch blocks.
 *
 * @example
 * kit.file('bad.csv', badBatchCsv(new Date()));
 */
export function badBatchCsv(now: Date): string {
  const fresh = iso(new Date(now.getTime() - 3_600_000));
  return [
    'customer_id,phone,updated_at',
    `B1,3015562748,${fresh}`,
    `,3027719364,${fresh}`,
    `,3146608251,${fresh}`,
    `,3187724490,${fresh}`,
    `B2,3209918376,${fresh}`,
    '',
  ].join('\n');
}
