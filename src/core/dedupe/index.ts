export { buildRegistryFromExport, type RegistryFromExport } from './build-registry-from-export.js';
export { type Clustering, clusterPairs } from './cluster-pairs.js';
export { compareCandidates } from './compare-candidates.js';
export { compareNumbers, NUMBER_LEVEL } from './compare-numbers.js';
export { comparePair } from './compare-pair.js';
export { compareSurvivorship } from './compare-survivorship.js';
export { COMPARISONS, type ComparisonName } from './comparison-schema.js';
export { DEFAULT_DEDUPE_CONFIG, type DedupeConfig } from './dedupe-config.js';
export { type DedupeResult, dedupeRecords, type ReviewPair } from './dedupe-records.js';
export type { DuplicateGroup } from './duplicate-group.js';
export { evaluatePairs, type PairEvaluation } from './evaluate-pairs.js';
export { type ExplanationStep, explainPair, type PairExplanation } from './explain-pair.js';
export { type CustomerLink, findSharedNumbers, type SharedNumber } from './find-shared-numbers.js';
export { type CandidatePairs, generateCandidatePairs } from './generate-candidate-pairs.js';
export { makeSyntheticRegistry, type SyntheticRegistry } from './make-synthetic-registry.js';
export {
  createMatchIndex,
  indexClusters,
  type MatchIndex,
  type MatchOutcome,
  matchRecord,
} from './match-index.js';
export type { MatchModel } from './match-model.js';
export type { NonMatchLevels } from './non-match-levels.js';
export { type PreparedRecords, prepareRecords } from './prepare-records.js';
export { renderExplanation } from './render-explanation.js';
export { type DedupeConfigInput, resolveDedupeConfig } from './resolve-dedupe-config.js';
export { type ScoredPairs, scorePairs } from './score-pairs.js';
export { splitE164 } from './split-e164.js';
export type { TermFrequencies } from './term-frequencies.js';
export { type LabelledPair, type TrainOptions, trainModel } from './train-model.js';
