/**
 * Masks a phone number for display and non-privileged exports: the first five
 * digits (after a leading `+`, which stays) and the last two are kept, four
 * asterisks replace the rest, as the design specifies. A value with fewer than
 * nine digits would show nearly all of them, so it becomes `****`.
 *
 * @example
 * maskPhone('+573001234567'); // '+57300****67'
 */
export function maskPhone(phone: string): string {
  const plus = phone.startsWith('+') ? '+' : '';
  const digits = plus ? phone.slice(1) : phone;
  if (digits.length < 9) return '****';
  return `${plus}${digits.slice(0, 5)}****${digits.slice(-2)}`;
}
