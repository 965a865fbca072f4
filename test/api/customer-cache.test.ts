import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_TOPIC } from '../../src/core/registry/change-topic.js';
import type { PhoneRecord } from '../../src/core/registry/phone-record.js';
import { createTestStore, type TestStore } from '../support/store.js';
import { bearer, buildTestApp, signToken } from './api-test-kit.js';

describe('customer cache', () => {
  let t: TestStore;
  let following: FastifyInstance;
  let notFollowing: FastifyInstance;

  beforeAll(async () => {
    t = await createTestStore('pglite');
    ({ sut: following } = await buildTestApp({ store: t.store, outboxPollMs: 50 }));
    ({ sut: notFollowing } = await buildTestApp({ store: t.store, outboxPollMs: 0 }));
  });
  afterAll(async () => {
    await following?.close();
    await notFollowing?.close();
    await t?.drop();
  });

  async function seed(customerId: string): Promise<PhoneRecord> {
    const [id] = await t.store.phones.reserveIds(1);
    const at = new Date();
    const record: PhoneRecord = {
      phone_id: id as string,
      customer_id: customerId,
      phone_number: '+573001234567',
      phone_type: 'mobile',
      country_code: 'CO',
      carrier: null,
      region: null,
      timezone: null,
      is_valid: true,
      is_primary: true,
      is_verified: false,
      verification_method: null,
      confidence_score: 0.9,
      source_system: 'call_center',
      sources: ['call_center'],
      times_seen: 1,
      issues: [],
      merged_into: null,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    };
    await t.store.applyChanges({ inserts: [record] });
    return record;
  }

  /** What an import in another process does: the change and its event, in one transaction. */
  const verifyElsewhere = (record: PhoneRecord) =>
    t.store.applyChanges({
      updates: [{ ...record, is_verified: true, updated_at: new Date() }],
      outbox: [
        {
          topic: CHANGE_TOPIC,
          key: record.customer_id,
          payload: { operation: 'UPDATE', customer_id: record.customer_id },
        },
      ],
    });

  const verified = async (app: FastifyInstance, customerId: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `/v1/phones/${customerId}`,
      headers: bearer(await signToken(['reader'])),
    });
    return res.json().phones[0].is_verified as boolean;
  };

  it('caches a customer until invalidateCustomers drops it', async () => {
    const record = await seed('K1');
    expect(await verified(notFollowing, 'K1')).toBe(false);
    await verifyElsewhere(record);
    expect(await verified(notFollowing, 'K1')).toBe(false);
    await notFollowing.invalidateCustomers(['K1']);
    expect(await verified(notFollowing, 'K1')).toBe(true);
  });

  it('sees a change made by another process on a later read, through the outbox', async () => {
    const record = await seed('K2');
    expect(await verified(following, 'K2')).toBe(false);
    await verifyElsewhere(record);
    let seen = false;
    for (let i = 0; i < 40 && !seen; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await verified(following, 'K2');
    }
    expect(seen).toBe(true);
  });
});
