export { METADATA_VERSION, normalizePhone } from './normalize-phone.js';
export * from './phone-result.js';
