import ExcelJS from 'exceljs';
import { PhonesetError } from '../../core/errors.js';
import { nameColumns } from './name-columns.js';
import { openInput } from './open-input.js';
import type { ReadOptions, SourceRow } from './record-format.js';
import { toCellString } from './to-cell-string.js';

/**
 * Streams the rows of one sheet of an XLSX workbook (exceljs's streaming WorkbookReader):
 * the first sheet, or `options.sheet` by name — a missing sheet is an `INPUT_SHEET_NOT_FOUND`
 * error listing the sheets there are. The first non-empty row gives the field names; `row`
 * counts from the row under it, so data row N is sheet row header+N. Cells become strings:
 * whole numbers keep every digit (a phone typed as 3001234567 stays `3001234567`), dates
 * become ISO, formulas their result, rich text its text.
 *
 * @example
 * for await (const r of readXlsx('clientes.xlsx', { format: 'xlsx', sheet: 'Clientes' })) use(r);
 */
export async function* readXlsx(
  input: string | NodeJS.ReadableStream,
  options: ReadOptions,
): AsyncGenerator<SourceRow> {
  const name = options.name ?? (typeof input === 'string' ? input : 'input');
  const bytes = await openInput(input);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(bytes, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell dates from numbers; hyperlinks are not needed.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const seen: string[] = [];
  let found = false;
  try {
    for await (const sheet of workbook) {
      const sheetName = (sheet as unknown as { name?: string }).name ?? `sheet${seen.length + 1}`;
      seen.push(sheetName);
      if (options.sheet !== undefined && sheetName !== options.sheet) continue;
      found = true;
      let header: string[] | undefined;
      let headerRow = 0;
      for await (const row of sheet) {
        // row.values is 1-based and sparse: empty cells are holes, which map() would skip.
        const cells = row.values as unknown[];
        const values = Array.from({ length: Math.max(0, cells.length - 1) }, (_, i) =>
          cellText(cells[i + 1]),
        );
        if (header === undefined) {
          if (values.every((v) => v.trim() === '')) continue;
          header = nameColumns(values);
          headerRow = row.number;
          continue;
        }
        if (values.every((v) => v.trim() === '')) continue;
        const fields: Record<string, string> = {};
        header.forEach((column, i) => {
          fields[column] = values[i] ?? '';
        });
        yield { row: row.number - headerRow, fields };
      }
      // The rest of the workbook is not needed.
      break;
    }
  } catch (cause) {
    if (cause instanceof PhonesetError) throw cause;
    throw new PhonesetError(
      'INPUT_BAD_FORMAT',
      { path: name, format: 'xlsx', detail: (cause as Error).message },
      { cause },
    );
  } finally {
    bytes.destroy();
  }
  if (!found) {
    throw new PhonesetError('INPUT_SHEET_NOT_FOUND', {
      sheet: options.sheet ?? '(first)',
      path: name,
      sheets: seen.length > 0 ? seen.map((s) => `"${s}"`).join(', ') : '(none)',
    });
  }
}

function cellText(value: unknown): string {
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const cell = value as {
      richText?: Array<{ text: string }>;
      result?: unknown;
      formula?: string;
      text?: unknown;
      error?: string;
    };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell || cell.formula !== undefined) return toCellString(cell.result);
    if (cell.text !== undefined) return cellText(cell.text);
    if (cell.error !== undefined) return cell.error;
  }
  return toCellString(value);
}
