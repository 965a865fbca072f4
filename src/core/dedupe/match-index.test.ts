import { describe, expect, it } from 'vitest';
import type { PhoneRecord } from '../registry/phone-record.js';
import { dedupeRecords } from './dedupe-records.js';
import { makeSyntheticRegistry } from './make-synthetic-registry.js';
import { createMatchIndex, indexClusters, matchRecord } from './match-index.js';
import { makeTestRecord as rec } from './test-record.fixture.js';

const { records } = makeSyntheticRegistry({ customers: 4000, seed: 5 });
const { model } = dedupeRecords(records);

describe('matchRecord', () => {
  it('gives the same clusters one record at a time as the batch run on the same data', () => {
    const batch = dedupeRecords(records, { model });
    const later = records.filter((_, i) => i % 5 === 2);
    const sut = createMatchIndex(
      records.filter((_, i) => i % 5 !== 2),
      model,
    );
    for (const r of later) matchRecord(sut, r);
    const expected = batch.groups
      .map((g) => g.memberIds)
      .sort((x, y) => ((x[0] as string) < (y[0] as string) ? -1 : 1));
    expect(indexClusters(sut)).toEqual(expected);
  });

  it('joins an existing cluster and keeps its master id', () => {
    const master = rec({ phone_id: 'm1', customer_id: 'X1', is_verified: true, times_seen: 6 });
    const typo = rec({
      phone_id: 'm2',
      customer_id: 'X1',
      phone_number: '+57300123567',
      is_valid: false,
      phone_type: 'unknown',
      carrier: null,
      sources: ['manual_upload'],
      source_system: 'manual_upload',
    });
    const sut = createMatchIndex([...records, master, typo], model);
    const incoming = rec({
      phone_id: 'm3',
      customer_id: 'X1',
      phone_number: '+573001243567',
      // Survivorship alone would now prefer this record; the cluster keeps its master anyway.
      is_verified: true,
      confidence_score: 1,
      updated_at: new Date('2026-11-01'),
    });
    const outcome = matchRecord(sut, incoming);
    expect(outcome).toMatchObject({ joined: true, clusterId: 'm1', masterId: 'm1', absorbedClusterIds: [] });
    expect(outcome.links.find((l) => l.phoneId === 'm1')).toMatchObject({ decision: 'auto_merge' });
    expect(indexClusters(sut).find((c) => c.includes('m1'))).toEqual(['m1', 'm2', 'm3']);
  });

  it('starts a new cluster for a number unlike the customer’s others, and reports a shared number', () => {
    const holder = rec({
      phone_id: 's1',
      customer_id: 'Y1',
      phone_number: '+573205550101',
      carrier: 'Claro',
    });
    const sut = createMatchIndex([...records, holder], model);
    const outcome = matchRecord(
      sut,
      rec({ phone_id: 's2', customer_id: 'Y2', phone_number: '+573205550101', carrier: 'Claro' }),
    );
    expect(outcome).toMatchObject({
      joined: false,
      clusterId: 's2',
      probability: 0,
      links: [],
      sharedWith: ['Y1'],
    });
  });

  it('never merges a record into another customer’s cluster', () => {
    const sut = createMatchIndex(records, model);
    const r = records[0] as PhoneRecord;
    const outcome = matchRecord(sut, { ...r, phone_id: 'z1', customer_id: 'ZZ' });
    expect(outcome.joined).toBe(false);
    expect(outcome.sharedWith).toEqual([r.customer_id]);
  });
});
