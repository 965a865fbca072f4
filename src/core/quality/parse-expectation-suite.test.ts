import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PhonesetError } from '../errors.js';
import { parseExpectationSuite, parseExpectationSuiteOrThrow } from './parse-expectation-suite.js';

const FILE = 'config/x.yaml';

function errorsOf(text: string) {
  const parsed = parseExpectationSuite(text, FILE);
  if (parsed.ok) throw new Error('expected the suite to be rejected');
  return parsed.errors;
}

const minimal = (body: string) => `version: 1\nexpectations:\n${body}`;

describe('parseExpectationSuite', () => {
  it('parses the checked-in default suite with the defaults of the design', () => {
    const path = new URL('../../../config/expectations.yaml', import.meta.url);
    const suite = parseExpectationSuiteOrThrow(readFileSync(path, 'utf8'), 'config/expectations.yaml');
    const byName = Object.fromEntries(suite.expectations.map((e) => [e.name, e]));
    expect(byName.phone_is_e164).toMatchObject({
      type: 'values_match_regex',
      regex: '^\\+[1-9]\\d{1,14}$',
      severity: 'error',
    });
    expect(byName.customer_phone_unique).toMatchObject({
      type: 'compound_unique',
      columns: ['customer_id', 'phone_number'],
    });
    expect(byName.phone_present).toMatchObject({ type: 'values_not_null', mostly: 0.95 });
    expect(byName.fresh_within_24h).toMatchObject({
      type: 'max_within_hours',
      column: 'updated_at',
      hours: 24,
    });
    expect(byName.at_most_5_phones_per_customer).toMatchObject({ max: 5 });
    for (const [metric, threshold] of [
      ['accuracy', 0.98],
      ['uniqueness', 0.99],
      ['validity', 0.97],
      ['completeness', 0.95],
    ] as const) {
      expect(byName[metric]).toMatchObject({ type: 'metric_at_least', metric, threshold });
      expect(suite.config.grading.thresholds[metric]).toBe(threshold);
    }
    expect(suite.config.gate).toMatchObject({ historyRuns: 7, baseline: 'median', maxDrop: 0.02 });
  });

  it('reads user expectations: thresholds, mostly, severity, levels and filters per source or country', () => {
    const suite = parseExpectationSuiteOrThrow(
      minimal(`  - name: co_mobile_valid
    type: metric_at_least
    metric: accuracy
    threshold: 0.99
    severity: warn
    levels: registry
    where: { country_code: CO, source_system: [web_forms, mobile_app] }
  - type: values_in_set
    column: country_code
    values: [CO, EC]
    mostly: 0.9
`),
      FILE,
    );
    expect(suite.expectations[0]).toMatchObject({
      name: 'co_mobile_valid',
      severity: 'warn',
      levels: ['registry'],
      where: { country_code: ['CO'], source_system: ['web_forms', 'mobile_app'] },
      line: 3,
    });
    expect(suite.expectations[1]).toMatchObject({
      name: 'values_in_set_country_code',
      mostly: 0.9,
      levels: ['batch', 'registry'],
    });
    // A filtered metric expectation does not set the grade's threshold.
    expect(suite.config.grading.thresholds.accuracy).toBe(0.98);
  });

  it.each([
    [
      'a typo in a key',
      minimal(`  - name: acc\n    type: metric_at_least\n    metric: accuracy\n    thresold: 0.98\n`),
      "unknown key 'thresold' at config/x.yaml:6, did you mean 'threshold'?",
    ],
    [
      'an unknown expectation type',
      minimal(`  - name: x\n    type: values_not_nul\n    column: phone_number\n`),
      "unknown expectation type 'values_not_nul' at config/x.yaml:4, did you mean 'values_not_null'?",
    ],
    [
      'a ratio above 1',
      minimal(`  - type: metric_at_least\n    metric: accuracy\n    threshold: 1.5\n`),
      'threshold 1.5 is out of range: a ratio lies between 0 and 1 at config/x.yaml:5',
    ],
    [
      'a percentage where a ratio belongs',
      minimal(`  - type: values_not_null\n    column: phone_number\n    mostly: 95\n`),
      'mostly 95 is out of range: a ratio lies between 0 and 1 at config/x.yaml:5, did you mean 0.95?',
    ],
    [
      'a threshold given as text',
      minimal(`  - type: metric_at_least\n    metric: accuracy\n    threshold: high\n`),
      "threshold must be a number, got 'high' at config/x.yaml:5, use a ratio such as 0.95",
    ],
    [
      'an unknown metric',
      minimal(`  - type: metric_at_least\n    metric: acuracy\n    threshold: 0.9\n`),
      "metric 'acuracy' is not one of completeness, accuracy, validity, uniqueness, timeliness at config/x.yaml:4, did you mean 'accuracy'?",
    ],
    [
      'an unknown column',
      minimal(`  - type: values_not_null\n    column: phone_numbr\n`),
      "column 'phone_numbr' is not one of",
    ],
    [
      'a missing required key',
      minimal(`  - type: values_match_regex\n    column: phone_number\n`),
      "values_match_regex expectation needs 'regex' at config/x.yaml:3",
    ],
    [
      'a regex that does not compile',
      minimal(`  - type: values_match_regex\n    column: phone_number\n    regex: '^(+'\n`),
      'regex does not compile',
    ],
    [
      'a bad severity',
      minimal(`  - type: values_not_null\n    column: phone_number\n    severity: fatal\n`),
      "severity 'fatal' is not one of warn, error at config/x.yaml:5",
    ],
    [
      'a key that belongs to another type',
      minimal(`  - type: values_not_null\n    column: phone_number\n    threshold: 0.9\n`),
      "unknown key 'threshold' at config/x.yaml:5, 'threshold' does not apply to a values_not_null expectation",
    ],
    [
      'a typo in settings',
      `settings:\n  gate:\n    max_dorp: 0.02\nexpectations: []\n`,
      "unknown key 'max_dorp' at config/x.yaml:3, did you mean 'max_drop'?",
    ],
    ['YAML that does not parse', `expectations:\n  - type: [unclosed\n`, 'YAML syntax error'],
    ['no expectations', `version: 1\n`, 'the suite has no `expectations:` list at config/x.yaml:1'],
  ])('rejects %s with file, line and reason', (_name, text, message) => {
    const errors = errorsOf(text);
    expect(errors.map((e) => e.message).join('\n')).toContain(message);
    expect(errors.every((e) => e.file === FILE && e.line >= 1)).toBe(true);
  });

  it('reports every problem of a file, each at its own line', () => {
    const errors = errorsOf(
      minimal(
        `  - type: metric_at_least\n    metric: accuracy\n    threshold: 2\n  - type: values_not_null\n    colum: phone_number\n`,
      ),
    );
    expect(errors.map((e) => e.line)).toEqual([5, 6, 7]);
  });

  it('rejects two expectations with the same name, pointing at the first', () => {
    const errors = errorsOf(
      minimal(
        `  - name: a\n    type: values_not_null\n    column: phone_number\n  - name: a\n    type: values_not_null\n    column: customer_id\n`,
      ),
    );
    expect(errors[0]?.message).toBe("duplicate expectation name 'a' (first at line 3) at config/x.yaml:6");
  });

  it('throws QUALITY_SUITE_INVALID listing every problem in the throwing form', () => {
    expect(() => parseExpectationSuiteOrThrow(minimal(`  - type: nope\n`), FILE)).toThrow(PhonesetError);
    try {
      parseExpectationSuiteOrThrow(minimal(`  - type: nope\n`), FILE);
    } catch (error) {
      expect((error as PhonesetError).code).toBe('QUALITY_SUITE_INVALID');
      expect((error as PhonesetError).message).toContain(
        "unknown expectation type 'nope' at config/x.yaml:3",
      );
    }
  });
});
