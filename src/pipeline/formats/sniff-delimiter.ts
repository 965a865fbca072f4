/** Delimiters a CSV file may use, in the order preferred on a tie. */
export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

const SAMPLE_RECORDS = 20;

/**
 * Picks the CSV delimiter of a file from the start of its text: the candidate that splits
 * the header into the most columns and the following records into the same number of
 * columns most consistently. Quoted text (which may hold delimiters and newlines) is skipped.
 * A file with a single column gets `,`.
 *
 * @example
 * sniffDelimiter('nombre;telefono\nAna;3001234567\n'); // ';'
 */
export function sniffDelimiter(text: string): CsvDelimiter {
  const counts = countPerRecord(text);
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  let bestWidth = 0;
  for (const delimiter of CSV_DELIMITERS) {
    const perRecord = counts.map((c) => c[delimiter]);
    const header = perRecord[0] ?? 0;
    if (header === 0) continue;
    const rest = perRecord.slice(1);
    const score = rest.length === 0 ? 1 : rest.filter((n) => n === header).length / rest.length;
    if (score > bestScore || (score === bestScore && header > bestWidth)) {
      best = delimiter;
      bestScore = score;
      bestWidth = header;
    }
  }
  return best;
}

type Counts = Record<CsvDelimiter, number>;

function countPerRecord(text: string): Counts[] {
  const records: Counts[] = [];
  let current: Counts = { ',': 0, ';': 0, '\t': 0 };
  let inQuotes = false;
  let nonEmpty = false;
  // The last record of the sample may be cut short, so it is left out when others exist.
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      inQuotes = !inQuotes;
      nonEmpty = true;
    } else if (inQuotes) {
      // inside quotes nothing counts
    } else if (ch === '\n' || ch === '\r') {
      if (nonEmpty) records.push(current);
      if (records.length >= SAMPLE_RECORDS + 1) return records;
      current = { ',': 0, ';': 0, '\t': 0 };
      nonEmpty = false;
    } else if (ch === ',' || ch === ';' || ch === '\t') {
      current[ch]++;
      nonEmpty = true;
    } else if (ch !== ' ' && ch !== '\ufeff') {
      nonEmpty = true;
    }
  }
  if (nonEmpty && records.length === 0) records.push(current);
  return records;
}
