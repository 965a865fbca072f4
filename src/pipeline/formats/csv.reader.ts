import { pipeline } from 'node:stream';
import { type Options, parse } from 'csv-parse';
import { badRow } from './bad-row.js';
import { nameColumns } from './name-columns.js';
import { openText } from './open-text.js';
import type { ReadOptions, SourceRow } from './record-format.js';
import { sniffDelimiter } from './sniff-delimiter.js';

interface ParsedRecord {
  values: string[];
  /** Line of the file on which the record ends (records may span lines). */
  line: number;
  seq: number;
}

interface Skipped {
  /** How many records had been parsed when this one failed. */
  after: number;
  message: string;
  raw: string | undefined;
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
  let parsed = 0;
  const csvOptions: Options<ParsedRecord, string[]> = {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    skip_records_with_error: true,
    on_record: (values: string[], context): ParsedRecord => ({
      values,
      line: context.lines,
      seq: parsed++,
    }),
    on_skip: (err, raw) => {
      skipped.push({ after: parsed, message: err?.message ?? 'unreadable record', raw });
      return undefined;
    },
  };
  const parser = pipeline(text, parse(csvOptions as unknown as Options), () => {});

  let header: string[] | undefined;
  let row = 0;
  function* drainSkipped(upTo: number): Generator<SourceRow> {
    while (skipped.length > 0 && (skipped[0] as Skipped).after <= upTo) {
      const s = skipped.shift() as Skipped;
      if (header === undefined) continue;
      row++;
      yield badRow(name, row, `not readable as CSV (${s.message})`, {}, s.raw);
    }
  }

  try {
    for await (const record of parser as AsyncIterable<ParsedRecord>) {
      yield* drainSkipped(record.seq);
      if (header === undefined) {
        header = nameColumns(record.values);
        continue;
      }
      row++;
      const { values } = record;
      const fields: Record<string, string> = {};
      for (let i = 0; i < header.length && i < values.length; i++)
        fields[header[i] as string] = values[i] ?? '';
      const extra = values.slice(header.length);
      if (values.length < header.length || extra.some((v) => v.trim() !== '')) {
        yield badRow(
          name,
          row,
          `expected ${header.length} fields, found ${values.length} (line ${record.line})`,
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
