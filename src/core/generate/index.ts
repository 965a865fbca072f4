export * from './create-rng.js';
export * from './customer-export.js';
export * from './draw-true-phone.js';
export * from './generate-customer-export.js';
export * from './inject-typo.js';
export * from './write-phone.js';
