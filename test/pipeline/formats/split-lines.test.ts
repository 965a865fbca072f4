import { describe, expect, it } from 'vitest';
import { splitLines } from '../../../src/pipeline/formats/split-lines.js';

async function linesOf(chunks: string[]): Promise<Array<[number, string]>> {
  const out: Array<[number, string]> = [];
  async function* source() {
    yield* chunks;
  }
  for await (const { lines, firstLineNo } of splitLines(source())) {
    lines.forEach((line, i) => {
      out.push([firstLineNo + i, line]);
    });
  }
  return out;
}

describe('splitLines', () => {
  it.each([
    [
      ['a\nb\n'],
      [
        [1, 'a'],
        [2, 'b'],
      ],
    ],
    [
      ['a\r\nb'],
      [
        [1, 'a'],
        [2, 'b'],
      ],
    ],
    [
      ['a\r', '\nb\r', '\n'],
      [
        [1, 'a'],
        [2, 'b'],
      ],
    ],
    [
      ['a\rb\r'],
      [
        [1, 'a'],
        [2, 'b'],
      ],
    ],
    [
      ['par', 'tial\n\nlast'],
      [
        [1, 'partial'],
        [2, ''],
        [3, 'last'],
      ],
    ],
    [
      ['a\r', 'b'],
      [
        [1, 'a'],
        [2, 'b'],
      ],
    ],
  ])('splits %j', async (chunks, expected) => {
    expect(await linesOf(chunks)).toEqual(expected);
  });
});
