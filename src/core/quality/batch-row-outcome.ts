/**
 * What the import pipeline knows about one row of a batch once it has been validated: the
 * input of batch-level quality. One per row received, rejected rows included.
 *
 * @example
 * const row: BatchRowOutcome = {
 *   row: 2, customer_id: 'C1', phone_number: '+573001234567', source_system: 'crm_salesforce',
 *   has_required_fields: true, phone_valid: true, passed_rules: true,
 *   updated_at: new Date('2026-11-27T10:00:00Z'), arrived_at: new Date('2026-11-27T12:00:00Z'),
 * };
 */
export interface BatchRowOutcome {
  /** 1-based row number in the batch: the id failing checks report. */
  row: number;
  customer_id: string | null;
  /** E.164 when the phone could be read, else null. */
  phone_number: string | null;
  source_system?: string | null;
  /** customer_id, phone and source all present. */
  has_required_fields: boolean;
  /** The phone is a valid number of its numbering plan. */
  phone_valid: boolean;
  /** The row passed every rule (format, business rules, blacklist, plausibility). */
  passed_rules: boolean;
  /** The source's own last-change time for the row, when it sent one. */
  updated_at: Date | null;
  arrived_at: Date;
  phone_type?: string | null;
  country_code?: string | null;
  carrier?: string | null;
  is_verified?: boolean | null;
  /** Engine issue codes and rule violation codes of the row. */
  issues?: readonly string[];
}
