import { DEFAULT_DEDUPE_CONFIG, type DedupeConfig } from './dedupe-config.js';

/** A partial config: any top-level key, and any key of the nested groups. */
export type DedupeConfigInput = Partial<Omit<DedupeConfig, 'em' | 'termFrequency' | 'survivorship'>> & {
  em?: Partial<DedupeConfig['em']>;
  termFrequency?: Partial<DedupeConfig['termFrequency']>;
  survivorship?: Partial<DedupeConfig['survivorship']>;
};

/**
 * Fills a partial config with the defaults, group by group.
 *
 * @example
 * resolveDedupeConfig({ em: { maxIterations: 50 } }).em.tolerance // 1e-7
 */
export function resolveDedupeConfig(input: DedupeConfigInput = {}): DedupeConfig {
  const d = DEFAULT_DEDUPE_CONFIG;
  return {
    ...d,
    ...input,
    em: { ...d.em, ...input.em },
    termFrequency: { ...d.termFrequency, ...input.termFrequency },
    survivorship: { ...d.survivorship, ...input.survivorship },
  } as DedupeConfig;
}
