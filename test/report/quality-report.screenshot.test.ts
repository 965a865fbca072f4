import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileRecords } from '../../src/core/quality/index.js';
import { renderProfileHtml } from '../../src/report/render-profile-html.js';
import { renderQualityReportHtml } from '../../src/report/render-quality-report-html.js';
import { SERVICES } from '../support/services.js';
import { buildFixtureReport, generateRegistry } from './quality-report.fixture.js';

// Debian's chromium (apt-get install chromium); never a downloaded browser build.
const CHROMIUM = process.env.PHONESET_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && !SERVICES) {
  console.warn(`skipping the HTML report screenshot test: ${CHROMIUM} is missing (apt-get install chromium)`);
}

type BrowserContext = import('playwright-core').BrowserContext;
type Page = import('playwright-core').Page;

describe.skipIf(!HAVE_CHROMIUM && !SERVICES)('HTML quality report in headless Chromium', () => {
  let browser: BrowserContext;
  let dir: string;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) {
      throw new Error(
        `PHONESET_SERVICES=1 but ${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`,
      );
    }
    const { chromium } = await import('playwright-core');
    dir = mkdtempSync(join(tmpdir(), 'phoneset-report-'));
    // A fresh user-data-dir per run: no state leaks between runs.
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir && !process.env.PHONESET_KEEP_SCREENSHOTS) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the HTML from a file (no server) and fails on any console error or outside request. */
  async function open(
    html: string,
    name: string,
  ): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith('file://')) requests.push(r.url());
    });
    await page.goto(`file://${file}`);
    return { page, errors, requests };
  }

  it('renders the quality report: charts sized, grade and failing expectations visible, ids anchored', async () => {
    const report = buildFixtureReport();
    const { page, errors, requests } = await open(renderQualityReportHtml(report), 'quality-report');

    const charts = await page.$$eval('[data-chart]', (nodes) =>
      nodes.map((n) => {
        const svg = n.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return { id: n.getAttribute('data-chart'), width: box?.width ?? 0, height: box?.height ?? 0 };
      }),
    );
    expect(charts.map((c) => c.id).sort()).toEqual(
      [
        'bar-carrier',
        'bar-country',
        'bar-issues',
        'bar-source',
        'bar-type',
        'gauge-accuracy',
        'gauge-completeness',
        'gauge-timeliness',
        'gauge-uniqueness',
        'gauge-validity',
        'line-history',
      ].sort(),
    );
    for (const c of charts) {
      expect(c.width, `${c.id} width`).toBeGreaterThan(50);
      expect(c.height, `${c.id} height`).toBeGreaterThan(50);
    }
    // Each bar chart draws one bar per value it lists.
    expect(await page.locator('[data-chart="bar-type"] rect').count()).toBe(
      Math.min(10, report.evaluation.metrics.distributions.type.length),
    );
    expect(await page.locator('[data-chart="line-history"] path.line__path').count()).toBe(5);

    const grade = page.getByTestId('grade');
    await expect.poll(() => grade.isVisible()).toBe(true);
    expect(await grade.textContent()).toContain(report.evaluation.grade.grade);

    const failed = report.evaluation.results.filter((r) => !r.passed);
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      const link = page.locator(`a[href="#ids-${r.expectation}"]`);
      expect(await link.isVisible()).toBe(true);
      const section = page.locator(`[id="ids-${r.expectation}"]`);
      expect(await section.count()).toBe(1);
      await link.click();
      expect(await section.isVisible()).toBe(true);
    }
    // The largest failing list in the page holds exactly the evaluator's ids (ranges expanded).
    const largest = failed.reduce((a, b) => (b.failing_ids.count > a.failing_ids.count ? b : a));
    expect(largest.failing_ids.count).toBeGreaterThan(40);
    const listed = await page.locator(`[id="ids-${largest.expectation}"] .ids`).textContent();
    const fromPage = (listed ?? '').split(', ').reduce((n, part) => {
      const [a, b] = part.split('–').map(Number);
      return n + (b === undefined ? 1 : (b as number) - (a as number) + 1);
    }, 0);
    expect(fromPage).toBe(largest.failing_ids.count);

    const png = join(dir, 'quality-report.png');
    await page.screenshot({ path: png, fullPage: true });
    expect(statSync(png).size).toBeGreaterThan(20_000);
    if (process.env.PHONESET_REFERENCE_SCREENSHOT) {
      await page.screenshot({ path: process.env.PHONESET_REFERENCE_SCREENSHOT, fullPage: true });
    }
    console.info(`quality report screenshot: ${png}`);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('renders the data profile with a chart per column', async () => {
    const { records } = generateRegistry(2000);
    const profile = profileRecords(records as unknown as Record<string, unknown>[]);
    const { page, errors, requests } = await open(
      renderProfileHtml(profile, { title: 'Registry profile' }),
      'profile',
    );
    const charts = await page.$$eval('[data-chart]', (nodes) =>
      nodes.map((n) => (n.querySelector('svg')?.getBoundingClientRect().width ?? 0) > 0),
    );
    expect(charts.length).toBeGreaterThanOrEqual(profile.columns.length);
    expect(charts.every(Boolean)).toBe(true);
    expect(await page.locator('h2', { hasText: 'phone_number' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(dir, 'profile.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
