import type { AuditRepository } from '../../store/audit.repository.js';
import type { MergeRepository } from '../../store/merge.repository.js';
import type { PhoneRepository } from '../../store/phone.repository.js';
import type { ReviewRepository } from '../../store/review.repository.js';

/** What dedupe needs of the store (the `Store` from src/store satisfies it). */
export interface DedupeStore {
  readonly phones: Pick<PhoneRepository, 'iterate' | 'scan' | 'get' | 'listByCustomer'>;
  readonly merges: MergeRepository;
  readonly reviews: ReviewRepository;
  readonly audit: Pick<AuditRepository, 'append'>;
}
