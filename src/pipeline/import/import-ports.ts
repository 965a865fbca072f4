import type { Lake } from '../../lake/lake.js';
import type { BatchRepository } from '../../store/batch.repository.js';
import type { BlacklistRepository } from '../../store/blacklist.repository.js';
import type { PhoneRepository } from '../../store/phone.repository.js';
import type { RejectRepository } from '../../store/reject.repository.js';
import type { ApplyResult, ChangeSet, PreparedChanges } from '../../store/store.js';

/** What the import needs of the store (the `Store` from src/store satisfies it). */
export interface ImportStore {
  readonly phones: Pick<PhoneRepository, 'reserveIds' | 'listByCustomers' | 'listByCustomersInBatch'>;
  readonly batches: Pick<BatchRepository, 'create' | 'get' | 'findBySha256' | 'update'>;
  readonly rejects: Pick<RejectRepository, 'iterateByBatch'>;
  /** Which of a chunk's E.164 numbers are blacklisted, in one lookup. */
  readonly blacklist: Pick<BlacklistRepository, 'has'>;
  applyChanges(changes: ChangeSet | PreparedChanges): Promise<ApplyResult>;
  prepareChanges(changes: ChangeSet): Promise<PreparedChanges>;
}

/** What the import needs of the raw lake: keep a file's exact bytes, and read them back. */
export type ImportLake = Pick<Lake, 'put' | 'open'>;
