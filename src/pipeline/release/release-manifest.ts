import type { DimensionScores, Grade } from '../../core/quality/index.js';

/** One file of a release in the lake. */
export interface ReleaseFile {
  /** Lake key (`releases/<version>/<name>.gz.enc`). */
  key: string;
  name: string;
  format: 'ndjson' | 'parquet';
  /** `full`: phone numbers as stored (prod); `tokenized`: numbers replaced by keyed tokens (dev, staging). */
  variant: 'full' | 'tokenized';
  /** sha256 of the file's bytes. */
  sha256: string;
  size: number;
}

/**
 * What a release is: immutable, content-addressed, with the quality it was released at.
 *
 * @example
 * const manifest: ReleaseManifest = JSON.parse(text);
 */
export interface ReleaseManifest {
  version: string;
  /** sha256 over the canonical NDJSON lines in canonical order: the same data gives the same digest. */
  content_digest: string;
  record_count: number;
  created_at: string;
  created_by: string;
  parent: string | null;
  /** Phone-engine (numbering plan + enrichment data) metadata version that judged the numbers. */
  metadata_version: string;
  files: ReleaseFile[];
  quality: {
    grade: Grade;
    score: number | null;
    scores: DimensionScores;
    total: number;
    valid: number;
    metric_id: string;
  };
  suite: {
    file: string;
    passed: boolean;
    summary: string;
    results: {
      expectation: string;
      passed: boolean;
      observed: number | null;
      threshold: number;
      failing: number;
    }[];
    batches: { batch_id: string; passed: boolean; accepted: boolean }[];
  };
}
