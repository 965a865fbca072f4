import type { Rng } from './create-rng.js';
import type { WrittenForm } from './customer-export.js';
import type { TruePhone } from './draw-true-phone.js';

const group = (national: string, groups: readonly number[], sep: string): string => {
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; i < groups.length && at < national.length; i++) {
    const size = i === groups.length - 1 ? national.length - at : (groups[i] as number);
    parts.push(national.slice(at, at + size));
    at += size;
  }
  return parts.join(sep);
};

const fullWidth = (text: string): string =>
  text.replace(/\d/g, (d) => String.fromCharCode(0xff10 + d.charCodeAt(0) - 48));

// What Excel shows for a long number stored in a General cell: mantissa digits are lost.
const scientific = (digits: string, rng: Rng): string => {
  const [mantissa, exponent] = Number(digits)
    .toExponential(rng.pick([5, 8]))
    .split('e');
  const exp = Number(exponent);
  return `${mantissa}E+${String(exp).padStart(2, '0')}`;
};

const LABELS_BEFORE = ['cel: ', 'Cel. ', 'Celular ', 'Móvil: ', 'WhatsApp ', 'Tel. ', 'CEL '];
const LABELS_AFTER = [' (casa)', ' cel', ' (cel)', ' personal', ' (WhatsApp)', ' - oficina'];
const EXTENSIONS = [' ext. ', ' ext ', ' Ext. ', ' x', ' #', ' extensión '];
const TWO_NUMBER_SEPARATORS = [' / ', ', ', ' y ', ' ; ', ' - '];

/**
 * Writes a phone the way a person or a source system would, in the given form. `other`
 * is the second number of a `two_numbers` field.
 *
 * @example
 * writePhone(phone, 'mobile_parens', rng); // '(300) 123 4567'
 */
export function writePhone(phone: TruePhone, form: WrittenForm, rng: Rng, other?: TruePhone): string {
  const n = phone.national;
  const spaced = group(n, phone.groups, ' ');
  const area = n.slice(2, 3);
  const sub = n.slice(3);
  const subSpaced = `${sub.slice(0, 3)} ${sub.slice(3)}`;
  switch (form) {
    case 'mobile_plain':
    case 'fixed_plain':
      return n;
    case 'mobile_spaced':
    case 'fixed_spaced':
      return spaced;
    case 'mobile_plus57_spaced':
    case 'fixed_plus57':
      return `+57 ${spaced}`;
    case 'mobile_e164':
    case 'fixed_e164':
    case 'intl_e164':
      return `+${phone.callingCode}${n}`;
    case 'mobile_dashes':
      return group(n, phone.groups, '-');
    case 'mobile_parens':
      return `(${n.slice(0, 3)}) ${rng.chance(0.5) ? `${n.slice(3, 6)} ${n.slice(6)}` : `${n.slice(3, 6)}-${n.slice(6)}`}`;
    case 'mobile_cc_no_plus':
      return `57${n}`;
    case 'mobile_0057':
      return rng.chance(0.6) ? `0057 ${spaced}` : `0057${n}`;
    case 'mobile_dots':
      return group(n, phone.groups, '.');
    case 'mobile_plus57_parens':
      return `+57 (${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`;
    case 'mobile_label_before':
      return rng.pick(LABELS_BEFORE) + (rng.chance(0.5) ? spaced : n);
    case 'mobile_label_after':
      return spaced + rng.pick(LABELS_AFTER);
    case 'mobile_nbsp':
      return group(n, phone.groups, '\u00a0');
    case 'mobile_fullwidth':
      return fullWidth(rng.chance(0.5) ? n : spaced);
    case 'mobile_excel_apostrophe':
      return `'${n}`;
    case 'mobile_tel_uri':
    case 'fixed_tel_uri':
      return `tel:+57-${group(n, phone.groups, '-')}`;
    case 'mobile_padded':
      return `${rng.pick([' ', '  ', '\t'])}${n}${rng.pick([' ', '  ', ''])}`;
    case 'two_numbers':
      return `${spaced}${rng.pick(TWO_NUMBER_SEPARATORS)}${other ? group(other.national, other.groups, ' ') : ''}`;
    case 'excel_scientific':
      return scientific(n, rng);
    case 'fixed_parens':
      return `(${n.slice(0, 3)}) ${rng.chance(0.5) ? sub : `${sub.slice(0, 3)} ${sub.slice(3)}`}`;
    case 'fixed_dash':
      return rng.chance(0.5)
        ? `${n.slice(0, 3)}-${sub}`
        : `${n.slice(0, 3)} ${sub.slice(0, 3)}-${sub.slice(3)}`;
    case 'fixed_extension':
      return `${spaced}${rng.pick(EXTENSIONS)}${String(1 + rng.int(rng.chance(0.5) ? 99 : 9999))}`;
    case 'fixed_old_parens':
      return `(${area}) ${rng.chance(0.5) ? subSpaced : sub}`;
    case 'fixed_old_spaced':
      return `${area} ${rng.chance(0.5) ? sub : subSpaced}`;
    case 'fixed_old_03x':
      return rng.chance(0.6) ? `03${area} ${sub}` : `(03${area}) ${subSpaced}`;
    case 'fixed_old_plus57': {
      const spacedForm = rng.chance(0.6);
      // `+5746…` in one run is also the E.164 of the current 46 range, which is how it is
      // read: an old Antioquia number in that form has no knowable truth, so it is spaced.
      return spacedForm || `${area}${sub}`.startsWith('46') ? `+57 ${area} ${sub}` : `+57${area}${sub}`;
    }
    case 'fixed_old_pbx_extension':
      return `PBX (${area}) ${subSpaced} ext ${String(100 + rng.int(900))}`;
    case 'fixed_bare7':
      return rng.pick([sub, subSpaced, `${sub.slice(0, 3)}-${sub.slice(3)}`]);
    case 'intl_plus_national':
      return `+${phone.callingCode} ${spaced}`;
    case 'intl_plus_dashes':
      return `+${phone.callingCode}-${group(n, phone.groups, '-')}`;
    case 'intl_parens_cc':
      return `(+${phone.callingCode}) ${spaced}`;
    case 'fake':
    case 'junk':
      return n;
  }
}
