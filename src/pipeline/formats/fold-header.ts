/**
 * Folds a column header for comparison: lowercase, accents removed, `#` read as `numero`,
 * and every run of other non-alphanumerics turned into one `_`.
 *
 * @example
 * foldHeader(' Teléfono Móvil '); // 'telefono_movil'
 */
export function foldHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/#/g, ' numero ')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
