/**
 * Splits a stream of text chunks into lines (`\n`, `\r\n` or a lone `\r`), numbered from 1,
 * holding at most one partial line in memory.
 *
 * @example
 * for await (const { line, lineNo } of splitLines(textChunks)) console.log(lineNo, line);
 */
export async function* splitLines(
  chunks: AsyncIterable<string | Buffer>,
): AsyncGenerator<{ line: string; lineNo: number }> {
  let rest = '';
  let lineNo = 0;
  let pendingCr = false;
  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    // A `\r\n` split across two chunks must count as one line break.
    if (pendingCr && text.startsWith('\n')) text = text.slice(1);
    pendingCr = false;
    let start = 0;
    const full = rest + text;
    const offset = rest.length;
    rest = '';
    for (let i = offset; i < full.length; i++) {
      const ch = full.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      yield { line: full.slice(start, i), lineNo: ++lineNo };
      if (ch === 13) {
        if (i + 1 < full.length) {
          if (full.charCodeAt(i + 1) === 10) i++;
        } else {
          pendingCr = true;
        }
      }
      start = i + 1;
    }
    rest = full.slice(start);
  }
  if (rest.length > 0) yield { line: rest, lineNo: ++lineNo };
}
