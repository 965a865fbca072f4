import { pipeline } from 'node:stream';
import { type Parser, parse } from 'csv-parse';
import { badRow } from './bad-row.js';
import { nameColumns } from './name-columns.js';
import { openText } from './open-text.js';
import type { ReadOptions, SourceRow } from './record-format.js';
import { sniffDelimiter } from './sniff-delimiter.js';

interface Skipped {
  /** How many records (header included) the parser had emitted when this one failed. */
  after: number;
  message: string;
}

/**
 * Streams the records of a CSV file: encoding detected (BOM, UTF-8 validity, else
 * Windows-1252), delimiter sniffed (`,` `;` tab), the first row gives the field names
 * (trimmed). Quoted fields may hold delimiters and newlines. A row with the wrong number of
 * fields, or quoting csv-parse cannot read, is yielded as a bad row and reading goes on.
 * Blank rows (only delimiters or nothing) are skipped.
 *
 * @example
 * for await (const r of readCsv('clientes.csv', { format: 'csv' })) console.log(r.row, r.fields);
 */
export async function* readCsv(
  input: string | NodeJS.ReadableStream,
  options: ReadOptions,
): AsyncGenerator<SourceRow> {
  const name = options.name ?? (typeof input === 'string' ? input : undefined);
  const { text, headText } = await openText(input, options.encoding);
  const delimiter = options.delimiter ?? sniffDelimiter(headText);
  const skipped: Skipped[] = [];
  // Per-record hooks (on_record, info) cost csv-parse several times its parsing speed, so
  // records are counted here and a skipped record is placed by the parser's record count.
  const parser: Parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      skipped.push({ after: parser.info.records, message: err?.message ?? 'unreadable record' });
      return undefined;
    },
  });
  pipeline(text, parser, () => {});

  let header: string[] | undefined;
  let row = 0;
  function* drainSkipped(upTo: number): Generator<SourceRow> {
    while (skipped.length > 0 && (skipped[0] as Skipped).after <= upTo) {
      const s = skipped.shift() as Skipped;
      if (header === undefined) continue;
      row++;
      yield badRow(name, row, `not readable as CSV (${s.message})`);
    }
  }

  let received = 0;
  try {
    for await (const values of parser as AsyncIterable<string[]>) {
      if (skipped.length > 0) yield* drainSkipped(received);
      received++;
      if (header === undefined) {
        if (isBlank(values)) continue;
        header = nameColumns(values);
        continue;
      }
      // A row of only delimiters (`;;;`), as spreadsheets leave at the end, is no row.
      if (isBlank(values)) continue;
      row++;
      const fields: Record<string, string> = {};
      const width = header.length;
      for (let i = 0; i < width && i < values.length; i++) fields[header[i] as string] = values[i] as string;
      if (values.length !== width && (values.length < width || hasText(values, width))) {
        yield badRow(
          name,
          row,
          `expected ${width} fields, found ${values.length}`,
          fields,
          values.join(delimiter),
        );
        continue;
      }
      yield { row, fields };
    }
    yield* drainSkipped(Number.POSITIVE_INFINITY);
  } finally {
    // Stopping early (break, error downstream) must close the input.
    parser.destroy();
  }
}

function isBlank(values: string[]): boolean {
  for (const v of values) if (v.trim() !== '') return false;
  return true;
}

/** Whether any field from `from` on holds text (trailing empty fields are tolerated). */
function hasText(values: string[], from: number): boolean {
  for (let i = from; i < values.length; i++) if ((values[i] as string).trim() !== '') return true;
  return false;
}
