export { CO_INDICATIVES } from './colombia-plan.js';
export { confidenceScore, FAKE_PATTERN_CEILING, ISSUE_PENALTIES } from './confidence-score.js';
export { detectFakePattern } from './detect-fake-pattern.js';
export { type FoundPhoneNumber, findPhoneNumbersInText } from './find-phone-numbers-in-text.js';
export { MAX_INPUT_LENGTH, METADATA_VERSION, normalizePhone } from './normalize-phone.js';
export * from './phone-result.js';
export { type PhonePiece, type PhoneText, readPhoneText } from './read-phone-text.js';
export { resolveAreaHint } from './resolve-area-hint.js';
