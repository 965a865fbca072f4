import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import mercurius, { type IResolvers, type MercuriusLoaders } from 'mercurius';
import { PhonesetError } from '../../core/errors.js';
import { CHANGE_TOPIC } from '../../core/registry/change-topic.js';
import type { PhoneRecord } from '../../core/registry/phone-record.js';
import type { OutboxRepository } from '../../store/outbox.repository.js';
import type { Principal } from '../auth/principal.js';
import type { Permission } from '../auth/roles.js';
import { HTTP_STATUS } from '../http/error-handler.js';
import type { IngestRecord, IngestService } from '../phones/ingest.service.js';
import type { Caller, PhonesService } from '../phones/phones.service.js';
import { estimateQueryCost } from './estimate-query-cost.js';

export interface GraphqlOptions {
  phones: PhonesService;
  ingest: IngestService;
  /** Reads many customers' records in one call (the batch behind `Customer.phones`). */
  listByCustomers(customerIds: string[]): Promise<PhoneRecord[]>;
  outbox: Pick<OutboxRepository, 'readAfter' | 'lastId'>;
  maskPhone: (e164: string) => string;
  /** Deepest selection accepted. Default 6. */
  maxDepth?: number;
  /** Highest estimated cost accepted (fields × list sizes). Default 20,000. */
  maxCost?: number;
  /** How often the outbox is read for subscriptions. Default 250 ms; 0 turns the feed off. */
  pollMs?: number;
}

/** GraphQL schema of the registry (SDL). */
export const GRAPHQL_SCHEMA = /* GraphQL */ `
  "One registry record. phone_number is masked unless the caller holds pii_reader."
  type Phone {
    phone_id: ID!
    customer_id: String!
    phone_number: String!
    masked: Boolean!
    phone_type: String!
    country_code: String
    carrier: String
    region: String
    timezone: String
    is_valid: Boolean!
    is_primary: Boolean!
    is_verified: Boolean!
    verification_method: String
    confidence_score: Float!
    source_system: String!
    sources: [String!]!
    issues: [String!]!
    created_at: String!
    updated_at: String!
  }

  type Customer {
    customer_id: String!
    "Live phones, primary first, then most recent."
    phones(verified_only: Boolean = false): [Phone!]!
  }

  input PhoneInput {
    customer_id: String!
    phone_number: String!
    source_system: String!
    country_code: String
    phone_type: String
    source_record_id: String
    is_primary: Boolean
    is_verified: Boolean
    updated_at: String
  }

  type Reason {
    code: String!
    field: String!
    message: String!
  }

  "What became of a posted record: inserted, updated, unchanged, duplicate or rejected (with reasons)."
  type AddPhoneResult {
    status: String!
    batch_id: String!
    request_id: String!
    phone: Phone
    reasons: [Reason!]!
  }

  "A change to a customer's phones, from the same outbox as GET /v1/changes (numbers never shown)."
  type PhoneChange {
    event_id: ID!
    customer_id: String!
    phone_id: String
    operation: String!
    reason: String
    request_id: String
    batch_id: String
    created_at: String!
  }

  type Query {
    customer(customer_id: String!): Customer
    phones(customer_ids: [String!], phone_types: [String!], verified_only: Boolean, limit: Int = 100): [Phone!]!
  }

  type Mutation {
    addPhone(input: PhoneInput!): AddPhoneResult!
    verifyPhone(phone_id: ID!): Phone!
  }

  type Subscription {
    phoneChanged(customer_id: String!): PhoneChange!
  }
`;

interface Ctx {
  reply: { request: FastifyRequest };
  principal?: Principal | null;
  pubsub: { subscribe(topic: string): Promise<unknown> };
}

const MAX_LIMIT = 1000;
const isLiveMaster = (r: PhoneRecord) => r.deleted_at === null && r.merged_into === null;

function principalOf(ctx: Ctx): Principal | null {
  return ctx.principal ?? ctx.reply?.request?.principal ?? null;
}

function need(ctx: Ctx, permission: Permission): Principal {
  const principal = principalOf(ctx);
  if (!principal?.permissions.has(permission)) {
    throw new GraphQLError(`forbidden: this needs "${permission}"`, {
      extensions: { code: 'API_FORBIDDEN', permission },
    });
  }
  return principal;
}

function callerOf(ctx: Ctx): Caller {
  return {
    client_id: principalOf(ctx)?.client_id ?? 'anonymous',
    request_id: ctx.reply?.request?.id ?? 'ws',
  };
}

/** A PhonesetError as a GraphQL error with its stable code. */
function asGraphqlError(error: unknown): never {
  if (error instanceof PhonesetError) {
    throw new GraphQLError(error.message, { extensions: { code: error.code, ...error.params } });
  }
  throw error;
}

/**
 * GraphQL at `/graphql` (mercurius): `customer`, `phones`, `addPhone` (the ingest path of
 * `POST /v1/phones`), `verifyPhone`, and the `phoneChanged` subscription fed by the outbox.
 * `Customer.phones` is a loader: the customers of one request are read in one store call. The
 * same auth (the app's onRequest hook), roles and masking as REST; depth and cost limits
 * refuse an over-deep or over-costly operation before it runs.
 *
 * @example
 * await app.register(graphqlPlugin, { phones, ingest, listByCustomers, outbox, maskPhone });
 */
export async function graphqlPlugin(app: FastifyInstance, options: GraphqlOptions): Promise<void> {
  const { phones, ingest, maskPhone } = options;
  const maxCost = options.maxCost ?? 20_000;

  /** The records as this caller may see them; unmasked reveals are audited. */
  async function present(ctx: Ctx, records: PhoneRecord[], what: string) {
    const reveal = principalOf(ctx)?.permissions.has('phones:read_pii') ?? false;
    if (reveal) await phones.auditReveal(records, callerOf(ctx), what);
    return records.map((r) => ({
      ...r,
      phone_number: reveal ? r.phone_number : maskPhone(r.phone_number),
      masked: !reveal,
      created_at: r.created_at.toISOString(),
      updated_at: r.updated_at.toISOString(),
    }));
  }

  const resolvers: IResolvers = {
    Query: {
      customer: async (_root, args: { customer_id: string }, ctx: Ctx) => {
        need(ctx, 'phones:read');
        return { customer_id: args.customer_id };
      },
      phones: async (
        _root,
        args: { customer_ids?: string[]; phone_types?: string[]; verified_only?: boolean; limit: number },
        ctx: Ctx,
      ) => {
        need(ctx, 'phones:read');
        const limit = Math.max(1, Math.min(MAX_LIMIT, args.limit));
        const page = await phones
          .search({
            ...(args.customer_ids ? { customer_ids: args.customer_ids } : {}),
            ...(args.phone_types ? { phone_types: args.phone_types } : {}),
            ...(args.verified_only ? { verified_only: true } : {}),
            limit,
          })
          .catch(asGraphqlError);
        return present(ctx, page.records, 'graphql phones');
      },
    },
    Mutation: {
      addPhone: async (_root, args: { input: IngestRecord }, ctx: Ctx) => {
        need(ctx, 'phones:write');
        const outcome = await ingest.ingest([args.input], callerOf(ctx)).catch(asGraphqlError);
        const [row] = outcome.results;
        if (!row || row.status === 'rejected') {
          return {
            status: 'rejected',
            batch_id: outcome.batch_id,
            request_id: outcome.request_id,
            phone: null,
            reasons: row?.status === 'rejected' ? row.reasons : [],
          };
        }
        const [phone] = await present(ctx, [row.record], 'graphql addPhone');
        return {
          status: row.status,
          batch_id: outcome.batch_id,
          request_id: outcome.request_id,
          phone,
          reasons: [],
        };
      },
      verifyPhone: async (_root, args: { phone_id: string }, ctx: Ctx) => {
        need(ctx, 'phones:write');
        if (!/^[0-9]{1,19}$/.test(args.phone_id)) {
          throw new GraphQLError('phone_id must be digits', { extensions: { code: 'API_BAD_REQUEST' } });
        }
        const updated = await phones
          .patch(args.phone_id, { is_verified: true, verification_method: 'api' }, callerOf(ctx))
          .catch(asGraphqlError);
        const [phone] = await present(ctx, [updated], 'graphql verifyPhone');
        return phone;
      },
    },
    Subscription: {
      phoneChanged: {
        subscribe: async (_root: unknown, args: { customer_id: string }, ctx: Ctx) => {
          need(ctx, 'changes:read');
          return ctx.pubsub.subscribe(`phoneChanged:${args.customer_id}`);
        },
      },
    },
  };

  // One store call per request for every customer whose phones the query asks for.
  const loaders: MercuriusLoaders = {
    Customer: {
      phones: async (
        queries: Array<{ obj: { customer_id: string }; params: { verified_only?: boolean } }>,
        ctx,
      ) => {
        const ids = [...new Set(queries.map((q) => q.obj.customer_id))];
        const records = (await options.listByCustomers(ids)).filter(isLiveMaster);
        const shown = await present(ctx as unknown as Ctx, records, 'graphql customer');
        const byCustomer = new Map<string, typeof shown>();
        for (const r of shown) {
          const list = byCustomer.get(r.customer_id) ?? [];
          list.push(r);
          byCustomer.set(r.customer_id, list);
        }
        return queries.map((q) =>
          (byCustomer.get(q.obj.customer_id) ?? [])
            .filter((r) => !q.params.verified_only || r.is_verified)
            .sort((a, b) =>
              a.is_primary !== b.is_primary
                ? a.is_primary
                  ? -1
                  : 1
                : b.updated_at.localeCompare(a.updated_at),
            ),
        );
      },
    },
  };

  await app.register(mercurius, {
    schema: GRAPHQL_SCHEMA,
    resolvers,
    loaders,
    path: '/graphql',
    graphiql: false,
    queryDepth: options.maxDepth ?? 6,
    context: (request) => ({ principal: request.principal }),
    // A request refused before GraphQL runs (no or bad credential, rate limit) keeps its
    // HTTP status and stable code, as on every REST route.
    errorFormatter: (execution, context) => {
      const first = execution.errors?.[0] as { originalError?: unknown } | undefined;
      const original = first?.originalError ?? first;
      if (!execution.data && original instanceof PhonesetError) {
        return {
          statusCode: HTTP_STATUS[original.code] ?? 500,
          response: {
            data: null,
            errors: [{ message: original.message, extensions: { code: original.code } }],
          },
        };
      }
      return mercurius.defaultErrorFormatter(execution, context);
    },
    subscription: {
      context: (_socket, request) => ({ principal: request.principal }),
    },
  });

  // An upgrade refused by auth answers over a socket that the HTTP server no longer tracks:
  // without this, a graceful shutdown would wait for such sockets until its timeout.
  const upgraded = new Set<import('node:stream').Duplex>();
  app.server.on('upgrade', (_request, socket) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
  });
  app.addHook('preClose', async () => {
    for (const socket of upgraded) socket.destroy();
  });

  app.graphql.addHook('preExecution', async (_schema, document, _context, variables) => {
    const cost = estimateQueryCost(document, (variables ?? {}) as Record<string, unknown>, {
      listSize: {
        phones: (a) =>
          Array.isArray(a.customer_ids) && a.limit === undefined
            ? a.customer_ids.length * 5
            : Math.min(MAX_LIMIT, Number(a.limit ?? 100)),
      },
    });
    if (cost > maxCost) {
      throw new GraphQLError(
        `query cost ${cost} exceeds the limit of ${maxCost}; ask for fewer items or fields`,
        {
          extensions: { code: 'API_QUERY_TOO_COMPLEX', cost, limit: maxCost },
        },
      );
    }
  });

  // The subscription feed: the outbox's change events, published per customer.
  const pollMs = options.pollMs ?? 250;
  if (pollMs > 0) {
    let after: string | undefined;
    let busy = false;
    let closed = false;
    let tick: Promise<void> = Promise.resolve();
    const poll = async (): Promise<void> => {
      try {
        after ??= await options.outbox.lastId();
        const events = await options.outbox.readAfter(after, { topic: CHANGE_TOPIC, limit: 500 });
        for (const e of events) {
          const p = e.payload as Record<string, unknown>;
          const customerId = e.key ?? (p.customer_id as string);
          await app.graphql.pubsub.publish({
            topic: `phoneChanged:${customerId}`,
            payload: {
              phoneChanged: {
                event_id: e.id,
                customer_id: customerId,
                phone_id: (p.phone_id as string | undefined) ?? null,
                operation: String(p.operation ?? p.op ?? 'UPDATE'),
                reason: (p.reason as string | undefined) ?? null,
                request_id: (p.request_id as string | undefined) ?? null,
                batch_id: (p.batch_id as string | undefined) ?? null,
                created_at: e.created_at.toISOString(),
              },
            },
          });
          after = e.id;
        }
      } catch (error) {
        // A read cut short by shutdown (the store closing) is not a failure of the feed.
        if (!closed) app.log.warn({ err: error }, 'graphql subscription feed: outbox read failed');
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => {
      if (busy || closed) return;
      busy = true;
      tick = poll();
    }, pollMs);
    timer.unref();
    // Stop polling and let a read in flight finish before the store closes.
    app.addHook('onClose', async () => {
      closed = true;
      clearInterval(timer);
      await tick;
    });
  }
}
