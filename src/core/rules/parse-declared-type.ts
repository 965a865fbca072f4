import type { RegistryPhoneType } from '../registry/phone-record.js';

const DECLARED: Record<string, RegistryPhoneType> = {
  mobile: 'mobile',
  cell: 'mobile',
  cellular: 'mobile',
  celular: 'mobile',
  movil: 'mobile',
  cel: 'mobile',
  fixed: 'fixed',
  fixed_line: 'fixed',
  landline: 'fixed',
  home: 'fixed',
  work: 'fixed',
  fijo: 'fixed',
  casa: 'fixed',
  oficina: 'fixed',
  residencial: 'fixed',
  fax: 'fax',
  voip: 'voip',
  toll_free: 'toll_free',
  tollfree: 'toll_free',
  gratuita: 'toll_free',
};

/**
 * Reads the phone type a source declared (English or Spanish, any case and
 * accents) into the registry vocabulary; null when absent or unknown.
 *
 * @example
 * parseDeclaredType('Móvil') // 'mobile'
 */
export function parseDeclaredType(value: unknown): RegistryPhoneType | null {
  if (typeof value !== 'string') return null;
  const key = value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return DECLARED[key] ?? null;
}
