/**
 * True when a national number looks like a placeholder rather than a customer's line: its
 * 7-digit subscriber part is one repeated digit (`300 000 0000`, `311 111 1111`,
 * `601 000 0000`), an ascending or descending run (`300 123 4567`, `…765 4321`), or two
 * alternating digits; the whole number uses at most two digits; or it is in the North
 * American fictitious range 555-0100…0199. Every library calls these valid; the engine flags
 * them `FAKE_PATTERN` and lowers the confidence.
 *
 * @example
 * detectFakePattern('57', '3001234567') // true
 */
export function detectFakePattern(countryCallingCode: string, nationalNumber: string): boolean {
  const n = nationalNumber.length;
  if (n < 7) return false;
  if (countryCallingCode === '1' && n === 10 && nationalNumber.slice(3, 8) === '55501') return true;
  const sub = nationalNumber.slice(n - 7);
  let same = true;
  let up = true;
  let down = true;
  let alternating = sub[0] !== sub[1];
  for (let i = 1; i < 7; i++) {
    const d = sub.charCodeAt(i);
    const prev = sub.charCodeAt(i - 1);
    if (d !== prev) same = false;
    if (d !== prev + 1) up = false;
    if (d !== prev - 1) down = false;
    if (i >= 2 && d !== sub.charCodeAt(i - 2)) alternating = false;
  }
  if (same || up || down || alternating) return true;
  if (n >= 8) {
    let seen = 0;
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      const bit = 1 << (nationalNumber.charCodeAt(i) - 48);
      if ((seen & bit) === 0) {
        seen |= bit;
        if (++distinct > 2) return false;
      }
    }
    return true;
  }
  return false;
}
