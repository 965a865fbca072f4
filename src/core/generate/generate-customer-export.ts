import { createRng, type Rng } from './create-rng.js';
import type {
  ExportRecord,
  GeneratedRow,
  InjectionKind,
  SourceSystem,
  TruthRecord,
  WrittenForm,
} from './customer-export.js';
import { drawTruePhone, type TruePhone } from './draw-true-phone.js';
import { injectTypo, type TypoKind } from './inject-typo.js';
import { writePhone } from './write-phone.js';

export interface GenerateOptions {
  /** Exact number of rows to produce. */
  rows: number;
  /** Same seed, same rows, byte for byte. */
  seed: number | string;
}

type Weights<T> = readonly (readonly [T, number])[];

const SOURCES: Weights<SourceSystem> = [
  ['crm_salesforce', 35],
  ['call_center', 20],
  ['web_forms', 20],
  ['mobile_app', 15],
  ['manual_upload', 10],
];
const RECORD_PREFIX: Record<SourceSystem, string> = {
  crm_salesforce: 'SF',
  call_center: 'CC',
  web_forms: 'WEB',
  mobile_app: 'APP',
  manual_upload: 'MAN',
};
const VERIFIED_RATE: Record<SourceSystem, number> = {
  crm_salesforce: 0.3,
  call_center: 0.45,
  web_forms: 0.15,
  mobile_app: 0.6,
  manual_upload: 0.05,
};

const PHONES_PER_CUSTOMER: Weights<number> = [
  [1, 45],
  [2, 31],
  [3, 15],
  [4, 6],
  [5, 3],
];
const CATEGORIES: Weights<TruePhone['category']> = [
  ['co_mobile', 78],
  ['co_fixed', 15],
  ['intl', 7],
];

const MOBILE_FORMS: Weights<WrittenForm> = [
  ['mobile_plain', 30],
  ['mobile_spaced', 12],
  ['mobile_plus57_spaced', 12],
  ['mobile_e164', 10],
  ['mobile_dashes', 6],
  ['mobile_cc_no_plus', 5],
  ['mobile_parens', 4],
  ['mobile_0057', 2.5],
  ['mobile_dots', 2],
  ['mobile_plus57_parens', 2],
  ['mobile_label_before', 2],
  ['mobile_excel_apostrophe', 2],
  ['mobile_label_after', 1.5],
  ['mobile_nbsp', 1.5],
  ['mobile_padded', 1.5],
  ['mobile_tel_uri', 1],
  ['two_numbers', 1],
  ['excel_scientific', 1],
  ['mobile_fullwidth', 0.7],
];
const FIXED_NEW_FORMS: Weights<WrittenForm> = [
  ['fixed_plain', 12],
  ['fixed_spaced', 12],
  ['fixed_plus57', 8],
  ['fixed_parens', 5],
  ['fixed_e164', 5],
  ['fixed_extension', 4],
  ['fixed_dash', 3],
  ['fixed_tel_uri', 1],
];
const FIXED_OLD_FORMS: Weights<WrittenForm> = [
  ['fixed_old_parens', 14],
  ['fixed_old_spaced', 8],
  ['fixed_old_03x', 8],
  ['fixed_old_plus57', 6],
  ['fixed_old_pbx_extension', 4],
];
// New plan 50 %, old plan 40 %, bare 7 digits (no area) 6 %: exports still carry pre-2021 numbers.
const FIXED_FORMS: Weights<WrittenForm> = [...FIXED_NEW_FORMS, ...FIXED_OLD_FORMS, ['fixed_bare7', 6]];
const INTL_FORMS: Weights<WrittenForm> = [
  ['intl_plus_national', 45],
  ['intl_e164', 30],
  ['intl_plus_dashes', 15],
  ['intl_parens_cc', 10],
];
const TYPOS: Weights<TypoKind> = [
  ['typo_substitution', 40],
  ['typo_transposition', 30],
  ['typo_deletion', 15],
  ['typo_insertion', 15],
];
const FAKES = [
  '3001234567',
  '3000000000',
  '3111111111',
  '3333333333',
  '6010000000',
  '3101234567',
  '1234567',
  '0000000000',
  '9999999999',
  '3123456789',
];
const JUNK = [
  '',
  '',
  ' ',
  'N/A',
  'n/a',
  'NA',
  '-',
  '0',
  '0',
  'NULL',
  'null',
  'sin teléfono',
  'no tiene',
  '#N/A',
  '.',
];

const DECLARED_TYPES: Record<TruePhone['category'], Weights<string>> = {
  co_mobile: [
    ['mobile', 78],
    ['', 10],
    ['home', 5],
    ['work', 5],
    ['fixed', 2],
  ],
  co_fixed: [
    ['fixed', 45],
    ['home', 28],
    ['work', 15],
    ['', 6],
    ['mobile', 4],
    ['fax', 2],
  ],
  intl: [
    ['mobile', 70],
    ['', 20],
    ['home', 10],
  ],
};

// Probabilities per real phone of each extra row.
const P_FORMAT_VARIANT = 0.11;
const P_EXACT_DUPLICATE = 0.03;
const P_TYPO = 0.045;
const P_LEGACY_PLAN = 0.35; // of Colombian fixed lines
const P_SHARED = 0.03;
const P_NEAR = 0.04; // of phones following a mobile
const P_FAKE = 0.025;
const P_JUNK = 0.04;
const P_SECOND_PRIMARY = 0.03;

// Rows are shuffled through a bounded window so one customer's rows are spread out, as in a
// merged export, while memory stays constant for any row count.
const SHUFFLE_WINDOW = 1024;
// Recent phones other customers can share (family lines); bounded for the same reason.
const SHARED_POOL = 256;

// Timestamps fall in the three years before this fixed instant (no clock: the output must
// not depend on when it runs).
const EPOCH_END = Date.UTC(2026, 10, 1);
const THREE_YEARS_S = 3 * 365 * 24 * 3600;

type PendingRow = Omit<ExportRecord, 'source_record_id'> & Omit<TruthRecord, 'source_record_id'>;

/**
 * Streams a synthetic multi-source customer export with its ground truth: one
 * `GeneratedRow` at a time, in constant memory, exactly `rows` rows, identical for
 * identical options. See `TruthRecord` for what the truth says and `WRITTEN_FORMS` for
 * the messy forms.
 *
 * @example
 * for (const { record, truth } of generateCustomerExport({ rows: 1000, seed: 42 })) {
 *   console.log(record.phone_number, truth.true_e164, truth.cluster_id);
 * }
 */
export function* generateCustomerExport(options: GenerateOptions): Generator<GeneratedRow> {
  const total = Math.max(0, Math.floor(options.rows));
  const rng = createRng(options.seed);
  const window: PendingRow[] = [];
  const shared: TruePhone[] = [];
  let made = 0;
  let emitted = 0;
  let customerSeq = 0;

  const emit = (pending: PendingRow): GeneratedRow => {
    emitted++;
    const id = `${RECORD_PREFIX[pending.source_system]}-${String(emitted).padStart(9, '0')}`;
    // Literal objects in column order: cheaper than spreads, and NDJSON keys come out in order.
    return {
      record: {
        customer_id: pending.customer_id,
        phone_number: pending.phone_number,
        phone_type: pending.phone_type,
        source_system: pending.source_system,
        is_primary: pending.is_primary,
        is_verified: pending.is_verified,
        updated_at: pending.updated_at,
        source_record_id: id,
      },
      truth: {
        source_record_id: id,
        customer_id: pending.customer_id,
        true_e164: pending.true_e164,
        cluster_id: pending.cluster_id,
        kind: pending.kind,
        form: pending.form,
        also_e164: pending.also_e164,
      },
    };
  };

  while (made < total) {
    customerSeq++;
    for (const pending of customerRows(rng, `CUS-${String(customerSeq).padStart(7, '0')}`, shared)) {
      if (made >= total) break;
      made++;
      window.push(pending);
      if (window.length >= SHUFFLE_WINDOW) yield emit(takeRandom(window, rng));
    }
  }
  while (window.length > 0) yield emit(takeRandom(window, rng));
}

function takeRandom<T>(items: T[], rng: Rng): T {
  const i = rng.int(items.length);
  const last = items.length - 1;
  [items[i], items[last]] = [items[last] as T, items[i] as T];
  return items.pop() as T;
}

function customerRows(rng: Rng, customerId: string, shared: TruePhone[]): PendingRow[] {
  const rows: PendingRow[] = [];
  const phones = rng.weighted(PHONES_PER_CUSTOMER);
  let previous: TruePhone | undefined;
  for (let index = 1; index <= phones; index++) {
    const primary = index === 1 || rng.chance(P_SECOND_PRIMARY);
    const isPrimary = primary ? 'true' : 'false';

    if (rng.chance(P_FAKE + P_JUNK)) {
      const fake = rng.chance(P_FAKE / (P_FAKE + P_JUNK));
      const source = rng.weighted(SOURCES);
      rows.push({
        customer_id: customerId,
        phone_number: fake ? rng.pick(FAKES) : rng.pick(JUNK),
        phone_type: rng.weighted(DECLARED_TYPES.co_mobile),
        source_system: source,
        is_primary: isPrimary,
        is_verified: 'false',
        updated_at: timestamp(rng),
        true_e164: null,
        cluster_id: null,
        kind: fake ? 'fake' : 'junk',
        form: fake ? 'fake' : 'junk',
        also_e164: null,
      });
      continue;
    }

    let phone: TruePhone;
    let kind: InjectionKind = 'original';
    if (previous?.category === 'co_mobile' && rng.chance(P_NEAR)) {
      phone = nextInBlock(previous);
      kind = 'near_number';
    } else if (shared.length > 0 && rng.chance(P_SHARED)) {
      phone = rng.pick(shared);
      kind = 'shared_number';
    } else {
      phone = drawTruePhone(rng, rng.weighted(CATEGORIES));
    }
    if (shared.length < SHARED_POOL) shared.push(phone);
    else shared[rng.int(SHARED_POOL)] = phone;
    previous = phone;

    const cluster = `${customerId}/${index}`;
    const declared = rng.weighted(DECLARED_TYPES[phone.category]);
    const row = (
      source: SourceSystem,
      form: WrittenForm,
      rowKind: InjectionKind,
      text?: string,
    ): PendingRow => {
      const other = form === 'two_numbers' ? drawTruePhone(rng, 'co_mobile') : undefined;
      return {
        customer_id: customerId,
        phone_number: text ?? writePhone(phone, form, rng, other),
        phone_type: declared,
        source_system: source,
        is_primary: isPrimary,
        is_verified: !rowKind.startsWith('typo_') && rng.chance(VERIFIED_RATE[source]) ? 'true' : 'false',
        updated_at: timestamp(rng),
        true_e164: phone.e164,
        cluster_id: cluster,
        kind: rowKind,
        form,
        also_e164: other?.e164 ?? null,
      };
    };

    const source = rng.weighted(SOURCES);
    const form = pickForm(rng, phone, source);
    const first = row(source, form, kind);
    rows.push(first);

    if (rng.chance(P_FORMAT_VARIANT)) {
      let variant = pickForm(rng, phone, otherSource(rng, source));
      for (let tries = 0; variant === form && tries < 5; tries++) variant = pickForm(rng, phone, source);
      rows.push(row(otherSource(rng, source), variant, 'format_variant'));
    }
    if (rng.chance(P_EXACT_DUPLICATE)) {
      rows.push(row(otherSource(rng, source), form, 'exact_duplicate', first.phone_number));
    }
    if (rng.chance(P_TYPO)) {
      const typo = rng.weighted(TYPOS);
      const typed: TruePhone = { ...phone, national: injectTypo(phone.national, typo, rng) };
      const typoForm = typoFormFor(rng, phone);
      rows.push(row(rng.weighted(SOURCES), typoForm, typo, writePhone(typed, typoForm, rng)));
    }
    if (phone.category === 'co_fixed' && rng.chance(P_LEGACY_PLAN)) {
      const wasOld = FIXED_OLD_FORMS.some(([f]) => f === form) || form === 'fixed_bare7';
      rows.push(
        row(
          otherSource(rng, source),
          rng.weighted(wasOld ? FIXED_NEW_FORMS : FIXED_OLD_FORMS),
          'legacy_plan',
        ),
      );
    }
  }
  return rows;
}

function pickForm(rng: Rng, phone: TruePhone, source: SourceSystem): WrittenForm {
  if (phone.category === 'intl') return rng.weighted(INTL_FORMS);
  if (phone.category === 'co_fixed') return rng.weighted(FIXED_FORMS);
  // The app stores what its phone field produced: E.164 most of the time.
  if (source === 'mobile_app' && rng.chance(0.6)) return 'mobile_e164';
  return rng.weighted(MOBILE_FORMS);
}

function typoFormFor(rng: Rng, phone: TruePhone): WrittenForm {
  if (phone.category === 'intl') return 'intl_e164';
  if (phone.category === 'co_fixed') return rng.pick(['fixed_plain', 'fixed_spaced'] as const);
  return rng.pick(['mobile_plain', 'mobile_spaced', 'mobile_plus57_spaced'] as const);
}

function otherSource(rng: Rng, not: SourceSystem): SourceSystem {
  for (let tries = 0; tries < 8; tries++) {
    const source = rng.weighted(SOURCES);
    if (source !== not) return source;
  }
  return not === 'call_center' ? 'crm_salesforce' : 'call_center';
}

// The next number of the same block (…4567 → …4568; …4569 → …4568): a different line,
// typically a second SIM bought together, that a naive near-match would wrongly merge.
function nextInBlock(phone: TruePhone): TruePhone {
  const last = Number(phone.national.at(-1));
  const national = phone.national.slice(0, -1) + String(last === 9 ? 8 : last + 1);
  return { ...phone, national, e164: `+${phone.callingCode}${national}` };
}

function timestamp(rng: Rng): string {
  return new Date(EPOCH_END - rng.int(THREE_YEARS_S) * 1000).toISOString().replace('.000Z', 'Z');
}
