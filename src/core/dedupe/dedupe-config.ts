import { DEFAULT_SURVIVORSHIP, type SurvivorshipConfig } from '../registry/survivorship.js';

/** Everything the matching engine can be tuned with. Defaults are in `DEFAULT_DEDUPE_CONFIG`. */
export interface DedupeConfig {
  /** Pairs at or above this match probability are merged automatically. */
  autoMergeThreshold: number;
  /** Pairs at or above this (and below auto-merge) go to review; below it they are non-matches. */
  reviewThreshold: number;
  /** Customer blocks larger than this are not compared all-pairs but by a sorted-number window (and reported). */
  maxBlockSize: number;
  /** Neighbours compared on each side in the sorted-number window of an oversized block. */
  blockWindow: number;
  /** A number held by more customers than this is reported as too common (switchboard, placeholder) and links no customers. */
  maxSharedCustomers: number;
  em: {
    maxIterations: number;
    /** Stop when no m, u or λ moves by more than this between iterations. */
    tolerance: number;
    /** Starting prior match probability among candidate pairs. */
    initialLambda: number;
    /** Pseudo-count weight of the priors (in pairs), keeping rare levels away from 0 and 1. */
    priorStrength: number;
    /** How many unlabelled pairs one labelled pair counts for. */
    labelWeight: number;
  };
  termFrequency: {
    enabled: boolean;
    /** Largest penalty (bits) a common number can take. */
    maxPenalty: number;
  };
  /** The registry's survivorship settings (steps, source priority, confidence tolerance), shared with imports. */
  survivorship: SurvivorshipConfig;
}

/**
 * Defaults: auto-merge at p ≥ 0.9, review from p ≥ 0.5, customer blocks up to 60 records
 * compared all-pairs, numbers shared by more than 25 customers treated as too common,
 * survivorship verified > confidence > recency > source priority (CRM first).
 *
 * @example
 * const config = { ...DEFAULT_DEDUPE_CONFIG, autoMergeThreshold: 0.99 };
 */
export const DEFAULT_DEDUPE_CONFIG: DedupeConfig = {
  autoMergeThreshold: 0.9,
  reviewThreshold: 0.5,
  maxBlockSize: 60,
  blockWindow: 8,
  maxSharedCustomers: 25,
  em: { maxIterations: 200, tolerance: 1e-7, initialLambda: 0.2, priorStrength: 20, labelWeight: 10 },
  termFrequency: { enabled: true, maxPenalty: 8 },
  survivorship: DEFAULT_SURVIVORSHIP,
};
