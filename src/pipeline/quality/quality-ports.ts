import type { AuditRepository } from '../../store/audit.repository.js';
import type { BatchRepository } from '../../store/batch.repository.js';
import type { LineageRepository } from '../../store/lineage.repository.js';
import type { MetricsRepository } from '../../store/metrics.repository.js';
import type { PhoneRepository } from '../../store/phone.repository.js';
import type { QuarantineRepository } from '../../store/quarantine.repository.js';
import type { RejectRepository } from '../../store/reject.repository.js';
import type { ReleaseRepository } from '../../store/release.repository.js';

/**
 * What quality runs need of the store (the `Store` from src/store satisfies it).
 *
 * @example
 * const store: QualityStore = app.store;
 */
export interface QualityStore {
  readonly phones: Pick<PhoneRepository, 'iterate' | 'get'>;
  readonly lineage: Pick<LineageRepository, 'iterateByBatch'>;
  readonly rejects: Pick<RejectRepository, 'iterateByBatch'>;
  readonly batches: Pick<BatchRepository, 'get' | 'list' | 'update'>;
  readonly metrics: Pick<MetricsRepository, 'insert' | 'list'>;
  readonly releases: Pick<ReleaseRepository, 'list'>;
  readonly audit: Pick<AuditRepository, 'append'>;
  /** Quarantined batches (`import --gate`): they block releases with their stored verdict. */
  readonly quarantine: Pick<QuarantineRepository, 'get'>;
}

/** Re-judges a stored E.164 number with the current numbering-plan metadata. */
export interface QualityEngine {
  normalize(raw: string): { is_valid: boolean; issues: readonly string[] };
}
