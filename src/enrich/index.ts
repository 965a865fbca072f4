export { createPhoneEngine, type PhoneEngine, type PhoneEngineConfig } from './create-phone-engine.js';
export { type GeoCarrierEnricherConfig, GeoCarrierPhoneEnricher } from './geo-carrier.enricher.js';
export { PrefixTable } from './prefix-table.js';
