/** Lines cut from one chunk of text: `lines[i]` is line number `firstLineNo + i`. */
export interface LineBatch {
  lines: string[];
  firstLineNo: number;
}

/**
 * Splits a stream of text chunks into lines (`\n`, `\r\n` or a lone `\r`), numbered from 1,
 * holding at most one partial line in memory. Lines come in one batch per chunk: one async
 * step per line would cost more than the parsing.
 *
 * @example
 * for await (const { lines, firstLineNo } of splitLines(textChunks)) lines.forEach((l, i) => use(firstLineNo + i, l));
 */
export async function* splitLines(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<LineBatch> {
  let rest = '';
  let lineNo = 1;
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const lines = text.split(/\r\n|\n|\r/);
    // The last piece may be an unfinished line; a text ending in `\r` may continue with `\n`.
    rest = lines.pop() as string;
    if (text.endsWith('\r') && lines.length > 0) {
      rest = `${lines.pop() as string}\r`;
    }
    if (lines.length > 0) {
      yield { lines, firstLineNo: lineNo };
      lineNo += lines.length;
    }
  }
  if (rest.endsWith('\r')) rest = rest.slice(0, -1);
  if (rest.length > 0) yield { lines: [rest], firstLineNo: lineNo };
}
