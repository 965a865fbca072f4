/**
 * The synthetic multi-source customer export that `generateCustomerExport` produces,
 * and the ground truth that goes with it.
 */

/** Columns of the export, in file order. */
export const EXPORT_COLUMNS = [
  'customer_id',
  'phone_number',
  'phone_type',
  'source_system',
  'is_primary',
  'is_verified',
  'updated_at',
  'source_record_id',
] as const;

/** One row of the export, every field a string as a source system would send it. */
export interface ExportRecord {
  customer_id: string;
  /** The raw phone as written by the source: messy on purpose. */
  phone_number: string;
  /** Declared by the source (`mobile`, `fixed`, `home`, `work`, `fax` or empty); sometimes wrong. */
  phone_type: string;
  source_system: SourceSystem;
  /** `true` or `false`. */
  is_primary: string;
  /** `true` or `false`. */
  is_verified: string;
  /** ISO 8601 UTC. */
  updated_at: string;
  /** Unique per row; the key that joins a row to its truth. */
  source_record_id: string;
}

export const SOURCE_SYSTEMS = [
  'crm_salesforce',
  'call_center',
  'web_forms',
  'mobile_app',
  'manual_upload',
] as const;
export type SourceSystem = (typeof SOURCE_SYSTEMS)[number];

/**
 * Why a row exists.
 * - `original`: the first row of one phone of one customer.
 * - `exact_duplicate`: the same phone written the same way, sent again by another source.
 * - `format_variant`: the same phone, another source, written differently.
 * - `typo_substitution` / `typo_transposition` / `typo_deletion` / `typo_insertion`: the same
 *   phone with one digit wrong, two adjacent digits swapped, one dropped, or one doubled.
 * - `legacy_plan`: a Colombian fixed line written in the other plan (pre-2021 7-digit with area
 *   indicator vs 10-digit `60X`) than the phone's `original` row.
 * - `shared_number`: a phone this customer shares with another customer (a family line); it is
 *   a different cluster from the other customer's (clusters never cross customers).
 * - `near_number`: a genuinely different phone of the customer, the next number in the same
 *   block as another of its phones; NOT a duplicate of it.
 * - `fake`: a placeholder or test number (`3001234567`, `3000000000`) standing for no real phone.
 * - `junk`: no number at all (empty, `N/A`, `0`, …).
 */
export const INJECTION_KINDS = [
  'original',
  'exact_duplicate',
  'format_variant',
  'typo_substitution',
  'typo_transposition',
  'typo_deletion',
  'typo_insertion',
  'legacy_plan',
  'shared_number',
  'near_number',
  'fake',
  'junk',
] as const;
export type InjectionKind = (typeof INJECTION_KINDS)[number];

/** Columns of the truth file, in file order. */
export const TRUTH_COLUMNS = [
  'source_record_id',
  'customer_id',
  'true_e164',
  'cluster_id',
  'kind',
  'form',
  'also_e164',
] as const;

/**
 * The ground truth of one export row, joined to it by `source_record_id`.
 *
 * - `true_e164`: the E.164 of the real phone the row stands for (for a typo, the phone the
 *   writer meant, not the digits written; for an old-plan fixed line, its 10-digit `60X` form).
 *   Always valid under libphonenumber-js `max` metadata. Null for `fake` and `junk` rows.
 * - `cluster_id`: rows that denote the same phone of the same customer share it
 *   (`<customer_id>/<n>`). Null when `true_e164` is null. A dedupe run is scored by comparing
 *   its pairs (or clusters) with the pairs of rows sharing a `cluster_id`.
 * - `kind`: why the row exists (see `InjectionKind`).
 * - `form`: how the phone was written (see `WRITTEN_FORMS`); some forms cannot be read back
 *   by any engine (`fixed_bare7` has no area, `excel_scientific` lost digits) yet still denote
 *   the phone.
 * - `also_e164`: for `two_numbers` rows, the second number in the field (a phone that is in no
 *   cluster); else null.
 */
export interface TruthRecord {
  source_record_id: string;
  customer_id: string;
  true_e164: string | null;
  cluster_id: string | null;
  kind: InjectionKind;
  form: WrittenForm;
  also_e164: string | null;
}

/** How a phone was written in the export. */
export const WRITTEN_FORMS = [
  // Colombian mobiles
  'mobile_plain',
  'mobile_spaced',
  'mobile_plus57_spaced',
  'mobile_e164',
  'mobile_dashes',
  'mobile_parens',
  'mobile_cc_no_plus',
  'mobile_0057',
  'mobile_dots',
  'mobile_plus57_parens',
  'mobile_label_before',
  'mobile_label_after',
  'mobile_nbsp',
  'mobile_fullwidth',
  'mobile_excel_apostrophe',
  'mobile_tel_uri',
  'mobile_padded',
  'two_numbers',
  'excel_scientific',
  // Colombian fixed lines, current plan
  'fixed_plain',
  'fixed_spaced',
  'fixed_parens',
  'fixed_plus57',
  'fixed_e164',
  'fixed_dash',
  'fixed_extension',
  'fixed_tel_uri',
  // Colombian fixed lines, pre-2021 plan
  'fixed_old_parens',
  'fixed_old_spaced',
  'fixed_old_03x',
  'fixed_old_plus57',
  'fixed_old_pbx_extension',
  'fixed_bare7',
  // other countries
  'intl_plus_national',
  'intl_e164',
  'intl_plus_dashes',
  'intl_parens_cc',
  // no real phone
  'fake',
  'junk',
] as const;
export type WrittenForm = (typeof WRITTEN_FORMS)[number];

/** One generated row with its truth. */
export interface GeneratedRow {
  record: ExportRecord;
  truth: TruthRecord;
}
