import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorsDoc } from '../../scripts/render-errors-doc.js';
import { ERROR_CATALOGUE, formatErrorMessage } from '../../src/core/errors.js';

describe('the error catalogue', () => {
  it('is documented: docs/errors.md is what the catalogue renders (run npm run docs:errors)', () => {
    const committed = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderErrorsDoc());
  });

  it.each(Object.keys(ERROR_CATALOGUE))('%s is named <AREA>_<WHAT>', (code) => {
    expect(code).toMatch(/^[A-Z]+_[A-Z0-9_]+$/);
  });

  it('fills every placeholder it is given and leaves unknown ones visible', () => {
    expect(formatErrorMessage('INPUT_BAD_ROW', { row: 7, path: 'a.csv', detail: 'ragged' })).toBe(
      'Row 7 of a.csv is malformed: ragged',
    );
    expect(formatErrorMessage('INPUT_NOT_FOUND')).toBe('Input file not found: {path}');
  });
});
