import { once } from 'node:events';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { OutputSink } from './output-sink.js';
import type { RecordWriter } from './record-format.js';
import { toJsonText } from './to-json-text.js';

export interface XlsxWriterOptions {
  /** Column order; default: the keys of the first record. */
  columns?: string[];
  /** Default `export`. */
  sheetName?: string;
}

/** Rows between checks that the zip output keeps up. */
const CHECK_EVERY = 500;

/**
 * A streaming XLSX writer (exceljs WorkbookWriter): one sheet, a header row, then one row per
 * record, committed as it is written so the sheet is never held in memory. Strings stay
 * strings (a phone like `+573001234567` is text, never turned into a number), numbers,
 * booleans and dates keep their Excel types, arrays and objects become JSON text.
 *
 * exceljs offers no backpressure of its own: its zip stream is written into a bridge that
 * waits for the sink, and every few hundred rows the writer yields and waits while the
 * bridge is full, so what is buffered stays within a few hundred rows plus the zip's window.
 *
 * @example
 * const w = createXlsxWriter(OutputSink.open('out.xlsx'), { sheetName: 'telefonos' });
 * await w.write({ customer_id: 'C1', phone_number: '+573001234567' });
 * await w.close();
 */
export function createXlsxWriter(sink: OutputSink, options: XlsxWriterOptions = {}): RecordWriter {
  const bridge = new Writable({
    highWaterMark: 256 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      sink.write(chunk).then(() => callback(), callback);
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: bridge,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(options.sheetName ?? 'export');
  let columns = options.columns;
  let rows = 0;
  return {
    async write(record) {
      if (!columns) columns = Object.keys(record);
      if (rows === 0) {
        sheet.columns = columns.map((key) => ({ header: key, key }));
      }
      const values = (columns as string[]).map((key) => toXlsxValue(record[key]));
      sheet.addRow(values).commit();
      rows++;
      if (rows % CHECK_EVERY === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        while (bridge.writableNeedDrain) await once(bridge, 'drain');
      }
    },
    async close() {
      if (rows === 0 && columns) sheet.columns = columns.map((key) => ({ header: key, key }));
      sheet.commit();
      await workbook.commit();
      await finished(bridge);
      await sink.close();
    },
    async abort() {
      bridge.destroy();
      await sink.abort();
    },
  };
}

function toXlsxValue(value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'bigint') return value.toString();
  return toJsonText(value);
}
