import { describe, expect, it } from 'vitest';
import {
  createSuiteEvaluator,
  parseExpectationSuiteOrThrow,
  profileRecords,
} from '../../src/core/quality/index.js';
import type { PhoneRecord } from '../../src/core/registry/phone-record.js';
import { renderProfileHtml } from '../../src/report/render-profile-html.js';
import { renderQualityReportHtml } from '../../src/report/render-quality-report-html.js';
import { buildFixtureReport, generateRegistry } from './quality-report.fixture.js';

describe('renderQualityReportHtml', () => {
  it('produces one self-contained page: no script, no external reference', () => {
    const html = renderQualityReportHtml(buildFixtureReport(3000));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  it('links every failing expectation to the section listing its ids', () => {
    const report = buildFixtureReport(3000);
    const html = renderQualityReportHtml(report);
    const failing = report.evaluation.results.filter((r) => !r.passed && r.failing_ids.count > 0);
    expect(failing.length).toBeGreaterThan(0);
    for (const r of failing) {
      expect(html).toContain(`href="#ids-${r.expectation}"`);
      expect(html).toContain(`id="ids-${r.expectation}"`);
    }
  });

  it('escapes values that come from the data', () => {
    const { records } = generateRegistry(50);
    const hostile: PhoneRecord = {
      ...(records[0] as PhoneRecord),
      phone_id: 'x',
      customer_id: '<script>alert(1)</script>',
      carrier: '"><b>',
    };
    const suite = parseExpectationSuiteOrThrow(
      'expectations:\n  - type: phones_per_customer_at_most\n    max: 1\n',
      'x.yaml',
    );
    const sut = createSuiteEvaluator(suite, { level: 'registry', now: new Date('2026-11-28T06:00:00Z') });
    sut.add(hostile);
    sut.add({ ...hostile, phone_id: 'y', phone_number: '+573009999999' });
    const html = renderQualityReportHtml({
      title: 'T <i>',
      subject: 'registry',
      dataset_version: null,
      generated_at: '2026-11-28T06:00:00.000Z',
      evaluation: sut.result(),
      history: [],
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('"><b>');
    expect(html).toContain('T &lt;i&gt;');
  });
});

describe('renderQualityReportHtml for a batch', () => {
  it('shows the lag figures and row numbers of a batch', () => {
    const suite = parseExpectationSuiteOrThrow(
      'expectations:\n  - type: metric_at_least\n    metric: accuracy\n    threshold: 0.98\n',
      'x.yaml',
    );
    const sut = createSuiteEvaluator(suite, { level: 'batch' });
    const arrived = new Date('2026-11-27T12:00:00Z');
    for (let row = 2; row <= 101; row++) {
      sut.add({
        row,
        customer_id: `C${row}`,
        phone_number: `+5730000000${row}`,
        source_system: 'web_forms',
        has_required_fields: true,
        phone_valid: row % 10 !== 0,
        passed_rules: true,
        updated_at: new Date(arrived.getTime() - row * 3_600_000),
        arrived_at: arrived,
      });
    }
    const html = renderQualityReportHtml({
      title: 'Batch 42',
      subject: 'batch 42 (web_forms)',
      dataset_version: null,
      generated_at: arrived.toISOString(),
      evaluation: sut.result(),
      history: [],
    });
    expect(html).toContain('Lag from source update to arrival: median');
    expect(html).toContain('10 row numbers');
    expect(html).toContain('<span class="grade__letter">');
  });
});

describe('renderProfileHtml', () => {
  it('shows each column with its formats', () => {
    const html = renderProfileHtml(profileRecords([{ phone: '+57 300 123 4567' }, { phone: '3001234567' }]));
    expect(html).toContain('id="col-phone"');
    expect(html).toContain('+DD DDD DDD DDDD');
    expect(html).toContain('DDDDDDDDDD');
    expect(html).not.toMatch(/<script/i);
  });
});
