import { ByteWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import type { OutputSink } from './output-sink.js';
import type { RecordWriter } from './record-format.js';
import { toCellString } from './to-cell-string.js';
import { toJsonText } from './to-json-text.js';

/** Parquet column types the writer emits. */
export type ParquetColumnType = 'STRING' | 'DOUBLE' | 'INT64' | 'BOOLEAN' | 'TIMESTAMP' | 'JSON';

export interface ParquetWriterOptions {
  /** Column order; default: the keys of the first record. */
  columns?: string[];
  /** Column types; default: inferred from the first row group (mixed types become STRING). */
  columnTypes?: Record<string, ParquetColumnType>;
  /** Rows per row group, buffered in memory before they are encoded. Default 50 000. */
  rowGroupSize?: number;
}

/**
 * A streaming Parquet writer (hyparquet-writer's incremental ParquetWriter, SNAPPY). Records
 * are buffered one row group at a time (`rowGroupSize`, default 50 000); each full group is
 * encoded and its bytes handed to the sink, awaiting backpressure, before the next group is
 * buffered. Memory is bounded by one row group of records plus its encoding, whatever the
 * number of rows; only the footer (row-group metadata, a few hundred bytes per group) grows.
 * Column types are fixed by the first group: null stays null; a value of another type is
 * converted (to text for STRING, `Number()` for DOUBLE…).
 *
 * @example
 * const w = createParquetWriter(OutputSink.open('out.parquet'), { rowGroupSize: 10_000 });
 * await w.write({ customer_id: 'C1', confidence_score: 0.97 });
 * await w.close();
 */
export function createParquetWriter(sink: OutputSink, options: ParquetWriterOptions = {}): RecordWriter {
  const groupSize = options.rowGroupSize ?? 50_000;
  let columns = options.columns;
  let types: Record<string, ParquetColumnType> | undefined;
  let group: Record<string, unknown>[] = [];
  let writer: ParquetWriter | undefined;
  const bytes = new ByteWriter() as ByteWriter & { flush?: () => void };
  let pending: Uint8Array[] = [];
  // hyparquet-writer calls flush() after each row group: take what was encoded so far.
  bytes.flush = () => {
    pending.push(new Uint8Array(bytes.buffer.slice(0, bytes.index)));
    bytes.index = 0;
  };
  bytes.finish = () => bytes.flush?.();

  async function drainPending(): Promise<void> {
    const out = pending;
    pending = [];
    for (const chunk of out) await sink.write(chunk);
  }

  async function flushGroup(): Promise<void> {
    const cols = columns ?? [];
    types ??= inferTypes(cols, group, options.columnTypes);
    const columnData = cols.map((name) => {
      const type = (types as Record<string, ParquetColumnType>)[name] as ParquetColumnType;
      return { name, type, nullable: true, data: group.map((r) => convert(r[name], type)) };
    });
    writer ??= new ParquetWriter({ writer: bytes, schema: schemaFromColumnData({ columnData }) });
    if (group.length > 0) await writer.write({ columnData, rowGroupSize: group.length });
    group = [];
    await drainPending();
  }

  return {
    async write(record) {
      columns ??= Object.keys(record);
      group.push(record);
      if (group.length >= groupSize) await flushGroup();
    },
    async close() {
      if (group.length > 0 || !writer) await flushGroup();
      await (writer as ParquetWriter).finish();
      await drainPending();
      await sink.close();
    },
    abort: () => sink.abort(),
  };
}

function inferTypes(
  columns: string[],
  rows: Record<string, unknown>[],
  given: Record<string, ParquetColumnType> = {},
): Record<string, ParquetColumnType> {
  const types: Record<string, ParquetColumnType> = {};
  for (const name of columns) {
    const fixed = given[name];
    if (fixed) {
      types[name] = fixed;
      continue;
    }
    const seen = new Set<ParquetColumnType>();
    for (const row of rows) {
      const v = row[name];
      if (v === null || v === undefined) continue;
      seen.add(typeOf(v));
      if (seen.size > 1) break;
    }
    types[name] = seen.size === 1 ? ([...seen][0] as ParquetColumnType) : 'STRING';
  }
  return types;
}

function typeOf(v: unknown): ParquetColumnType {
  if (typeof v === 'number') return 'DOUBLE';
  if (typeof v === 'bigint') return 'INT64';
  if (typeof v === 'boolean') return 'BOOLEAN';
  if (v instanceof Date) return 'TIMESTAMP';
  if (typeof v === 'object') return 'JSON';
  return 'STRING';
}

function convert(v: unknown, type: ParquetColumnType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'STRING':
      return typeof v === 'string'
        ? v
        : typeof v === 'object' && !(v instanceof Date)
          ? toJsonText(v)
          : toCellString(v);
    case 'DOUBLE':
      return typeof v === 'number' ? v : Number(v);
    case 'INT64':
      return typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    case 'BOOLEAN':
      return typeof v === 'boolean' ? v : v === 'true' || v === 1;
    case 'TIMESTAMP':
      return v instanceof Date ? v : new Date(String(v));
    case 'JSON':
      return v;
  }
}
