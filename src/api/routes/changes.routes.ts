import type { FastifyInstance } from 'fastify';
import { CHANGE_TOPIC } from '../../core/registry/change-topic.js';
import type { OutboxEvent, OutboxRepository } from '../../store/outbox.repository.js';

export interface ChangesRoutesOptions {
  outbox: Pick<OutboxRepository, 'readAfter' | 'lastId'>;
  maskPhone: (e164: string) => string;
  /** How often an open stream looks for new events. Default 250 ms. */
  pollMs?: number;
  /** Comment line sent on idle streams so proxies keep them open. Default 15 s. */
  heartbeatMs?: number;
}

/** Masks every `phone_number` string inside an event payload, at any depth. */
function maskNumbers(value: unknown, mask: (e164: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => maskNumbers(v, mask));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = key === 'phone_number' && typeof v === 'string' ? mask(v) : maskNumbers(v, mask);
  }
  return out;
}

function frame(event: OutboxEvent, mask: (e164: string) => string): string {
  const data = {
    id: event.id,
    customer_id: event.key,
    created_at: event.created_at.toISOString(),
    ...(maskNumbers(event.payload, mask) as Record<string, unknown>),
  };
  return `id: ${event.id}\nevent: change\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * `GET /v1/changes`: the registry change feed as Server-Sent Events, read from
 * the outbox. Each event's `id` is its outbox id, so a client that reconnects
 * with `Last-Event-ID` (browsers do it themselves) resumes right after the last
 * event it saw; `?after=0` replays from the start, no position means "from now".
 * Numbers in events are always masked: the feed says what changed, and a
 * pii_reader fetches the record (an audited read) when it needs the number.
 *
 * @example
 * await app.register(changesRoutes, { outbox: store.outbox, maskPhone });
 */
export async function changesRoutes(app: FastifyInstance, options: ChangesRoutesOptions): Promise<void> {
  const { outbox, maskPhone } = options;
  const pollMs = options.pollMs ?? 250;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const open = new Set<() => void>();

  // Streams never end by themselves; a graceful shutdown ends them so that
  // close() does not wait for clients that will never hang up.
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  app.get<{ Querystring: { after?: string }; Headers: { 'last-event-id'?: string } }>(
    '/v1/changes',
    {
      config: { permission: 'changes:read', rateKind: 'read' },
      schema: {
        tags: ['phones'],
        summary: 'Change feed (Server-Sent Events), resumable with Last-Event-ID',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            after: { type: 'string', pattern: '^[0-9]{1,19}$', description: 'Start after this event id' },
          },
        },
        headers: {
          type: 'object',
          properties: { 'last-event-id': { type: 'string', pattern: '^[0-9]{1,19}$' } },
        },
        response: {
          200: { description: 'text/event-stream: `id`, `event: change`, `data` (JSON)', type: 'string' },
          400: { $ref: 'ApiError#' },
          401: { $ref: 'ApiError#' },
          403: { $ref: 'ApiError#' },
          429: { $ref: 'ApiError#' },
        },
      },
    },
    async (request, reply) => {
      let after = request.headers['last-event-id'] ?? request.query.after ?? (await outbox.lastId());
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write(`retry: 2000\n: resuming after ${after}\n\n`);

      let ended = false;
      let timer: NodeJS.Timeout | undefined;
      let lastWrite = Date.now();
      const end = () => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        open.delete(end);
        raw.end();
      };
      open.add(end);
      request.raw.on('close', end);

      const pump = async () => {
        if (ended) return;
        try {
          const events = await outbox.readAfter(after, { topic: CHANGE_TOPIC, limit: 500 });
          for (const event of events) raw.write(frame(event, maskPhone));
          if (events.length > 0) {
            after = (events[events.length - 1] as OutboxEvent).id;
            lastWrite = Date.now();
          } else if (Date.now() - lastWrite >= heartbeatMs) {
            raw.write(': heartbeat\n\n');
            lastWrite = Date.now();
          }
          if (!ended) timer = setTimeout(pump, events.length === 500 ? 0 : pollMs);
        } catch (error) {
          request.log.error({ err: error }, 'change feed: outbox read failed');
          end();
        }
      };
      await pump();
    },
  );
}
