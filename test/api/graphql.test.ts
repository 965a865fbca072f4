import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { createTestStore, type TestStore } from '../support/store.js';
import { buildTestApp, signToken } from './api-test-kit.js';

/** The slice of the `ws` client this test uses (the package ships no types here). */
interface WsClient {
  on(event: 'message', listener: (data: unknown) => void): void;
  once(event: string, listener: (...args: any[]) => void): void;
  send(data: string): void;
  close(): void;
  terminate(): void;
}
// @ts-expect-error: the `ws` package (mercurius' own WebSocket server) ships no type declarations here
const { default: wsModule } = await import('ws');
const WebSocket = wsModule as unknown as new (
  url: string,
  protocol: string,
  options?: { headers: Record<string, string> },
) => WsClient;

/** The store with its registry reads counted, to prove that loading is batched. */
function countingStore(store: Store): {
  store: Store;
  calls: { lookupCustomers: number; listByCustomer: number };
} {
  const calls = { lookupCustomers: 0, listByCustomer: 0 };
  const phones = new Proxy(store.phones, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (key === 'lookupCustomers' || key === 'listByCustomer') calls[key]++;
        return value.apply(target, args);
      };
    },
  });
  return { store: { ...store, phones }, calls };
}

describe('GraphQL over a real socket', () => {
  let t: TestStore;
  let sut: FastifyInstance;
  let url: string;
  let calls: { lookupCustomers: number; listByCustomer: number };

  const gql = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: res.status,
      body: (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: any }> },
    };
  };

  beforeAll(async () => {
    t = await createTestStore('pglite');
    const counted = countingStore(t.store);
    calls = counted.calls;
    ({ sut } = await buildTestApp({ store: counted.store, outboxPollMs: 50 }));
    url = await sut.listen({ port: 0, host: '127.0.0.1' });
    const writer = await signToken(['writer']);
    for (const [customer_id, phone_number] of [
      ['G1', '3157281946'],
      ['G1', '3204867153'],
      ['G2', '3118264093'],
      ['G3', '3002718465'],
    ]) {
      const r = await gql(
        writer,
        'mutation($i: PhoneInput!) { addPhone(input: $i) { status reasons { code } } }',
        {
          i: { customer_id, phone_number, source_system: 'crm_salesforce' },
        },
      );
      expect(r.body.data.addPhone).toEqual({ status: 'inserted', reasons: [] });
    }
  });
  afterAll(async () => {
    sut?.server.closeAllConnections();
    await sut?.close();
    await t?.drop();
  }, 120_000);

  it('loads the phones of many customers in one store call (no N+1), masked for a reader', async () => {
    const before = { ...calls };
    const r = await gql(
      await signToken(['reader']),
      `{ a: customer(customer_id: "G1") { customer_id phones { phone_number masked is_primary } }
         b: customer(customer_id: "G2") { phones { phone_number } }
         c: customer(customer_id: "G3") { phones { phone_number } }
         d: customer(customer_id: "nobody") { phones { phone_number } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.a.phones).toHaveLength(2);
    expect(r.body.data.a.phones[0]).toMatchObject({ masked: true, is_primary: true });
    expect(r.body.data.a.phones[0].phone_number).toMatch(/\*{4}/);
    expect(r.body.data.b.phones).toHaveLength(1);
    expect(r.body.data.d.phones).toEqual([]);
    expect(calls.lookupCustomers - before.lookupCustomers).toBe(1);
    expect(calls.listByCustomer - before.listByCustomer).toBe(0);
  });

  it('searches phones and shows numbers to a pii_reader only', async () => {
    const q = '{ phones(customer_ids: ["G1", "G2"], limit: 10) { customer_id phone_number masked } }';
    const pii = await gql(await signToken(['pii_reader']), q);
    expect(pii.body.data.phones.map((p: { phone_number: string }) => p.phone_number).sort()).toEqual([
      '+573118264093',
      '+573157281946',
      '+573204867153',
    ]);
    const reader = await gql(await signToken(['reader']), q);
    expect(reader.body.data.phones.every((p: { masked: boolean }) => p.masked)).toBe(true);
  });

  it('verifies a phone as a writer, and refuses it to a reader and to no credential', async () => {
    const [rec] = await t.store.phones.listByCustomer('G3');
    const q = `mutation { verifyPhone(phone_id: "${rec?.phone_id}") { phone_id is_verified verification_method } }`;
    const denied = await gql(await signToken(['reader']), q);
    expect(denied.body.errors?.[0]?.message).toMatch(/forbidden/);
    const ok = await gql(await signToken(['writer']), q);
    expect(ok.body.data.verifyPhone).toEqual({
      phone_id: rec?.phone_id,
      is_verified: true,
      verification_method: 'api',
    });
    const anonymous = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ customer(customer_id: "G1") { customer_id } }' }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('reports a rejected addPhone with its reasons', async () => {
    const r = await gql(
      await signToken(['writer']),
      'mutation { addPhone(input: {customer_id: "G4", phone_number: "12", source_system: "web_forms"}) { status phone { phone_id } reasons { code field } } }',
    );
    expect(r.body.data.addPhone.status).toBe('rejected');
    expect(r.body.data.addPhone.phone).toBeNull();
    expect(r.body.data.addPhone.reasons.length).toBeGreaterThan(0);
  });

  it('refuses over-deep and over-costly queries with a clear error', async () => {
    const token = await signToken(['reader']);
    const deep = await gql(
      token,
      '{ customer(customer_id: "G1") { phones { phone_id } } __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }',
    );
    expect(deep.body.errors?.[0]?.message).toMatch(/depth/i);
    const fields =
      'phone_id customer_id phone_number phone_type country_code carrier region timezone is_valid is_primary is_verified sources issues';
    const costly = await gql(
      token,
      `{ a: phones(limit: 1000) { ${fields} } b: phones(limit: 1000) { ${fields} } }`,
    );
    expect(costly.body.errors?.[0]?.message).toMatch(/query cost \d+ exceeds the limit of 20000/);
    expect(costly.body.errors?.[0]?.extensions?.code).toBe('API_QUERY_TOO_COMPLEX');
  });

  it('pushes phoneChanged over WebSocket from the outbox, for the customer asked only', async () => {
    const token = await signToken(['reader']);
    const ws = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', {
      headers: { authorization: `Bearer ${token}` },
    });
    const messages: Array<{ type: string; id?: string; payload?: any }> = [];
    const next = (type: string) =>
      new Promise<{ type: string; payload?: any }>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${type} message; got ${JSON.stringify(messages)}`)),
          10_000,
        );
        const check = () => {
          const i = messages.findIndex((m) => m.type === type);
          if (i >= 0) {
            clearTimeout(timer);
            resolve(messages.splice(i, 1)[0] as { type: string; payload?: any });
          } else setTimeout(check, 20);
        };
        check();
      });
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ type: 'connection_init' }));
    await next('connection_ack');
    ws.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: {
          query:
            'subscription { phoneChanged(customer_id: "G2") { customer_id operation phone_id request_id } }',
        },
      }),
    );
    // Let the subscription register before the change.
    await new Promise((r) => setTimeout(r, 300));
    const writer = await signToken(['writer']);
    await gql(
      writer,
      'mutation { addPhone(input: {customer_id: "G3", phone_number: "3014928375", source_system: "web_forms"}) { status } }',
    );
    const added = await gql(
      writer,
      'mutation { addPhone(input: {customer_id: "G2", phone_number: "3167492038", source_system: "web_forms"}) { status request_id phone { phone_id } } }',
    );
    const event = await next('next');
    expect(event.payload.data.phoneChanged).toEqual({
      customer_id: 'G2',
      operation: 'INSERT',
      phone_id: added.body.data.addPhone.phone.phone_id,
      request_id: added.body.data.addPhone.request_id,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(messages.filter((m) => m.type === 'next')).toEqual([]);
    ws.terminate();
  });

  it('refuses a subscription without a credential', async () => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const outcome = await new Promise<string>((resolve) => {
      ws.once('unexpected-response', (req: { destroy(): void }, res: { statusCode: number }) => {
        // With this listener the client no longer aborts by itself: free the socket.
        req.destroy();
        resolve(`http ${res.statusCode}`);
      });
      ws.once('open', () => resolve('open'));
      ws.once('error', (e: Error) => resolve(`error ${e.message}`));
    });
    expect(outcome).toBe('http 401');
    ws.terminate();
  });
});
