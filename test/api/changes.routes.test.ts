import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_TOPIC } from '../../src/core/registry/change-topic.js';
import { createTestStore, type TestStore } from '../support/store.js';
import { bearer, buildTestApp, signToken } from './api-test-kit.js';

interface SseEvent {
  id: string;
  data: Record<string, unknown>;
}

/** Reads a live SSE stream until `count` events arrived. */
async function readEvents(url: string, headers: Record<string, string>, count: number): Promise<SseEvent[]> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: SseEvent[] = [];
  const deadline = Date.now() + 10_000;
  while (events.length < count && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const id = /^id: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (id && data) events.push({ id, data: JSON.parse(data) });
      cut = buffer.indexOf('\n\n');
    }
  }
  controller.abort();
  return events;
}

describe('GET /v1/changes', () => {
  let t: TestStore;
  let sut: FastifyInstance;
  let url: string;

  const emit = (customer: string, phone: string) =>
    t.store.outbox.append([
      {
        topic: CHANGE_TOPIC,
        key: customer,
        payload: {
          operation: 'UPDATE',
          customer_id: customer,
          changes: { phone_number: phone, is_verified: true },
        },
      },
    ]);

  beforeAll(async () => {
    t = await createTestStore('pglite');
    ({ sut } = await buildTestApp({ store: t.store, outboxPollMs: 0 }));
    url = await sut.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await sut?.close();
    await t?.drop();
  });

  it('streams new changes with masked numbers, and resumes after Last-Event-ID', async () => {
    const headers = bearer(await signToken(['pii_reader']));
    await emit('C1', '+573001234567');
    await emit('C2', '+573109876543');
    const first = await readEvents(`${url}/v1/changes?after=0`, headers, 2);
    expect(first.map((e) => e.data.customer_id)).toEqual(['C1', 'C2']);
    expect(first[0]?.data.changes).toEqual({ phone_number: '+57300****67', is_verified: true });

    await emit('C3', '+573005550000');
    const resumed = await readEvents(
      `${url}/v1/changes`,
      { ...headers, 'last-event-id': first[1]?.id as string },
      1,
    );
    expect(resumed.map((e) => e.data.customer_id)).toEqual(['C3']);
  });

  it('delivers events appended while the stream is open', async () => {
    const headers = bearer(await signToken(['reader']));
    const pending = readEvents(`${url}/v1/changes`, headers, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await emit('LIVE', '+573001112233');
    const events = await pending;
    expect(events.map((e) => e.data.customer_id)).toEqual(['LIVE']);
  });

  it('refuses a caller without changes:read and a malformed Last-Event-ID', async () => {
    const auditor = await sut.inject({
      method: 'GET',
      url: '/v1/changes',
      headers: bearer(await signToken(['auditor'])),
    });
    expect(auditor.statusCode).toBe(403);
    const bad = await sut.inject({
      method: 'GET',
      url: '/v1/changes',
      headers: { ...bearer(await signToken(['reader'])), 'last-event-id': 'yesterday' },
    });
    expect(bad.statusCode).toBe(400);
  });
});
