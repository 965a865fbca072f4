import { CO_INDICATIVES } from './colombia-plan.js';

/** Departments and main cities, accent-free and lower-case, to their old one-digit indicator. */
const PLACES: Readonly<Record<string, string>> = {
  bogota: '1',
  'bogota dc': '1',
  cundinamarca: '1',
  soacha: '1',
  valle: '2',
  'valle del cauca': '2',
  cali: '2',
  cauca: '2',
  popayan: '2',
  narino: '2',
  pasto: '2',
  antioquia: '4',
  medellin: '4',
  cordoba: '4',
  monteria: '4',
  choco: '4',
  quibdo: '4',
  atlantico: '5',
  barranquilla: '5',
  bolivar: '5',
  cartagena: '5',
  magdalena: '5',
  'santa marta': '5',
  sucre: '5',
  sincelejo: '5',
  cesar: '5',
  valledupar: '5',
  'la guajira': '5',
  guajira: '5',
  riohacha: '5',
  'san andres': '5',
  caldas: '6',
  manizales: '6',
  risaralda: '6',
  pereira: '6',
  quindio: '6',
  armenia: '6',
  'eje cafetero': '6',
  santander: '7',
  bucaramanga: '7',
  'norte de santander': '7',
  cucuta: '7',
  arauca: '7',
  tolima: '8',
  ibague: '8',
  huila: '8',
  neiva: '8',
  boyaca: '8',
  tunja: '8',
  meta: '8',
  villavicencio: '8',
  casanare: '8',
  yopal: '8',
  caqueta: '8',
  florencia: '8',
  putumayo: '8',
  amazonas: '8',
  guaviare: '8',
  guainia: '8',
  vaupes: '8',
  vichada: '8',
};

/**
 * Reads an area hint for a bare 7-digit Colombian fixed number: a new indicative (`601`…`608`),
 * an old indicator (`1`…`8`), or a department or main city (`Antioquia`, `Medellín`). Returns
 * the 60X indicative, or null when the hint names no Colombian area.
 *
 * @example
 * resolveAreaHint('Medellín') // '604'
 */
export function resolveAreaHint(hint: string | undefined): string | null {
  if (!hint) return null;
  const key = hint
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\./g, '')
    .replace(/,/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const digits = key.replace(/^\+?57\s*/, '').replace(/[\s()-]/g, '');
  if (/^60[1245678]$/.test(digits)) return digits;
  if (/^0?[1245678]$/.test(digits)) return CO_INDICATIVES[digits.slice(-1)]?.indicative ?? null;
  const indicator = PLACES[key];
  return indicator ? (CO_INDICATIVES[indicator]?.indicative ?? null) : null;
}
