import type { PhoneRecord } from '../registry/phone-record.js';
import { comparePair } from './compare-pair.js';
import { COMPARISON_COUNT, COMPARISONS, NULL_LEVELS } from './comparison-schema.js';
import { DEFAULT_DEDUPE_CONFIG, type DedupeConfig } from './dedupe-config.js';
import type { MatchModel } from './match-model.js';
import { MODEL_PRIORS } from './model-priors.js';
import type { NonMatchLevels } from './non-match-levels.js';
import { levelOf, type PackedVectors, packLevels } from './packed-vector.js';
import { recordFeatures } from './record-features.js';

/** A pair whose answer a person gave (from the review queue). */
export interface LabelledPair {
  a: PhoneRecord;
  b: PhoneRecord;
  match: boolean;
}

export interface TrainOptions {
  labels?: readonly LabelledPair[];
  config?: DedupeConfig;
  /**
   * Level counts of known non-matches (`CandidatePairs.nonMatchLevels`): when given, u of every
   * comparison except `number` is fixed from them instead of estimated by EM.
   */
  nonMatchLevels?: NonMatchLevels;
}

// Attributes of each record on its own (not derived from the digits), whose agreement
// pattern between two different phones of one customer the non-match sample shows directly.
const NUMBER = 0;
const SAMPLED_U = new Set(['validity', 'verification', 'support', 'sources', 'recency', 'primary']);

/**
 * Estimates m, u and λ by expectation–maximisation over the comparison vectors of the
 * candidate pairs, without labels (Fellegi–Sunter with EM, as in Winkler 1988 and
 * Splink). When known non-matches are given (pairs of one customer whose numbers are far
 * apart: certainly two different phones of the same customer), u of the record-level
 * comparisons is fixed from them, as Splink fixes u from random pairs; otherwise EM tends
 * to split the pairs by how well-kept the records are (valid, seen often, many sources)
 * rather than by whether they are one phone, because those attributes are correlated. Identical vectors are counted once, so an iteration costs the number of
 * distinct patterns, not pairs. Priors enter as Dirichlet pseudo-counts (MAP estimate),
 * which keeps rare levels off 0 and 1. Labelled pairs, when given, keep their responsibility
 * fixed at 1 or 0 and count `labelWeight` times.
 *
 * @example
 * const model = trainModel(compareCandidates(prepared, pairs));
 * model.m[0][0] // P(number exact | match)
 */
export function trainModel(vectors: PackedVectors, options: TrainOptions = {}): MatchModel {
  const config = options.config ?? DEFAULT_DEDUPE_CONFIG;
  const em = config.em;
  const counts = new Map<number, number>();
  for (let p = 0; p < vectors.length; p++) {
    const v = vectors[p] as number;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  // Sorted patterns make floating-point sums, and so the model, independent of input order.
  const patterns = [...counts.keys()].sort((x, y) => x - y);
  const weights = patterns.map((p) => counts.get(p) as number);
  const levels = patterns.map((p) => Array.from({ length: COMPARISON_COUNT }, (_, c) => levelOf(p, c)));

  const fixed: { levels: number[]; match: boolean }[] = [];
  const scratch = new Uint8Array(COMPARISON_COUNT);
  for (const label of options.labels ?? []) {
    comparePair(recordFeatures(label.a), recordFeatures(label.b), scratch);
    const packed = packLevels(scratch);
    fixed.push({
      levels: Array.from({ length: COMPARISON_COUNT }, (_, c) => levelOf(packed, c)),
      match: label.match,
    });
  }

  const alpha = em.priorStrength;
  const nonMatch = options.nonMatchLevels;
  // Which u rows stay fixed: `number` at its prior (the definition of a close non-match),
  // record-quality comparisons at the non-match sample. The rest are estimated.
  const fixedU: (number[] | null)[] = COMPARISONS.map((comparison, c) => {
    const prior = normalise(MODEL_PRIORS.u[c] as number[], NULL_LEVELS[c] as number);
    if (comparison.name === 'number') {
      // Anchored: left free, EM explains "one record is badly written" (invalid, unknown
      // type) as the match class, because within true duplicates validity depends on the
      // kind of edit. Labelled non-matches move it, directly rather than through EM.
      const row = prior.map((p) => p * alpha);
      for (const f of fixed)
        if (!f.match)
          row[f.levels[NUMBER] as number] = (row[f.levels[NUMBER] as number] as number) + em.labelWeight;
      return normalise(row, NULL_LEVELS[c] as number);
    }
    if (!nonMatch || nonMatch.pairs === 0 || !SAMPLED_U.has(comparison.name)) return null;
    const row = (nonMatch.counts[c] as number[]).map((n, l) => n + alpha * (prior[l] as number));
    return normalise(row, NULL_LEVELS[c] as number);
  });
  let m = MODEL_PRIORS.m.map((row, c) => normalise(row, NULL_LEVELS[c] as number));
  let u = MODEL_PRIORS.u.map((row, c) => fixedU[c] ?? normalise(row, NULL_LEVELS[c] as number));
  let lambda = em.initialLambda;
  let iterations = 0;
  let converged = false;
  let logLikelihood = 0;
  const resp = new Float64Array(patterns.length);
  while (iterations < em.maxIterations) {
    iterations++;
    logLikelihood = 0;
    for (let k = 0; k < patterns.length; k++) {
      let pm = lambda;
      let pu = 1 - lambda;
      const lv = levels[k] as number[];
      for (let c = 0; c < COMPARISON_COUNT; c++) {
        pm *= (m[c] as number[])[lv[c] as number] as number;
        pu *= (u[c] as number[])[lv[c] as number] as number;
      }
      resp[k] = pm / (pm + pu);
      logLikelihood += (weights[k] as number) * Math.log(pm + pu);
    }
    const mAcc = MODEL_PRIORS.m.map((row) => row.map((p) => alpha * p));
    const uAcc = MODEL_PRIORS.u.map((row) => row.map((p) => alpha * p));
    let matchMass = 0;
    let total = 0;
    const add = (lv: number[], r: number, w: number): void => {
      for (let c = 0; c < COMPARISON_COUNT; c++) {
        const l = lv[c] as number;
        (mAcc[c] as number[])[l] = ((mAcc[c] as number[])[l] as number) + w * r;
        (uAcc[c] as number[])[l] = ((uAcc[c] as number[])[l] as number) + w * (1 - r);
      }
      matchMass += w * r;
      total += w;
    };
    for (let k = 0; k < patterns.length; k++)
      add(levels[k] as number[], resp[k] as number, weights[k] as number);
    for (const f of fixed) add(f.levels, f.match ? 1 : 0, em.labelWeight);
    const nextM = mAcc.map((row, c) => normalise(row, NULL_LEVELS[c] as number));
    const nextU = uAcc.map((row, c) => fixedU[c] ?? normalise(row, NULL_LEVELS[c] as number));
    const nextLambda = clamp((matchMass + alpha * em.initialLambda) / (total + alpha), 1e-6, 1 - 1e-6);
    const delta = Math.max(maxDelta(m, nextM), maxDelta(u, nextU), Math.abs(nextLambda - lambda));
    m = nextM;
    u = nextU;
    lambda = nextLambda;
    if (delta < em.tolerance) {
      converged = true;
      break;
    }
  }
  return {
    version: 1,
    comparisons: COMPARISONS.map((c) => c.name),
    levels: COMPARISONS.map((c) => [...c.levels]),
    m,
    u,
    lambda,
    iterations,
    converged,
    trainedPairs: vectors.length,
    labelledPairs: fixed.length,
    logLikelihood,
  };
}

function normalise(row: number[], nullLevel: number): number[] {
  const s = row.reduce((a, b, l) => (l === nullLevel ? a : a + b), 0);
  return row.map((v, l) => (l === nullLevel ? 1 : v / s));
}

function maxDelta(a: number[][], b: number[][]): number {
  let d = 0;
  for (let c = 0; c < a.length; c++) {
    const ra = a[c] as number[];
    const rb = b[c] as number[];
    for (let l = 0; l < ra.length; l++) d = Math.max(d, Math.abs((ra[l] as number) - (rb[l] as number)));
  }
  return d;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
