/**
 * Test controls, in process (`harness.control`) and over HTTP under `/_control` (same operations, JSON).
 * Reset, the clock, claims for the next token, and the requests a client sent (secrets already redacted).
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { BridgeEvent, DcrBridge } from '../bridge';
import type { Clock, ClockState } from '../core/clock';
import { BodyError, readJsonObject } from '../core/http';
import type { RecordedRequest } from '../core/recorder';
import type { Tenant } from '../tenant';

export class UnknownTenantError extends Error {
  constructor(readonly tenantId: string) {
    super(`unknown tenant "${tenantId}"`);
  }
}

export class HarnessControl {
  constructor(
    readonly clock: Clock,
    private readonly tenants: ReadonlyMap<string, Tenant>,
    private readonly bridge?: DcrBridge,
    /** Resets what is not a tenant (gateway caches, registered applications). */
    private readonly resetOthers: () => void = () => {},
  ) {}

  tenant(id: string): Tenant {
    const tenant = this.tenants.get(id);
    if (!tenant) throw new UnknownTenantError(id);
    return tenant;
  }

  /** Every tenant back to its seed, the clock back to real time. */
  reset(): void {
    this.clock.reset();
    for (const tenant of this.tenants.values()) tenant.reset();
    this.bridge?.reset();
    this.resetOthers();
  }

  /** The lifecycle events Konnect sent to the HTTP DCR bridge's event hook, oldest first. */
  bridgeEvents(): BridgeEvent[] {
    return [...(this.bridge?.events ?? [])];
  }

  /** Claims merged into the next token the tenant issues (to `clientId` only, when given). */
  nextTokenClaims(tenantId: string, claims: Record<string, unknown>, options: { clientId?: string } = {}): void {
    this.tenant(tenantId).nextClaims.push(claims, options.clientId);
  }

  requests(tenantId: string, filter: { clientId?: string } = {}): RecordedRequest[] {
    return this.tenant(tenantId).recorder.list(filter);
  }

  clearRequests(tenantId: string): void {
    this.tenant(tenantId).recorder.clear();
  }
}

/** 9999-12-31T23:59:59.999Z: later dates cannot be written as ISO strings or AADSTS timestamps. */
const MAX_TIME_MS = 253_402_300_799_999;

const clockChange = z
  .object({
    freeze: z.boolean().optional(),
    /** ISO 8601 date-time or epoch milliseconds (years 1970-9999, so every date stays printable). */
    set: z.union([z.string().datetime({ offset: true }), z.number().int().min(0).max(MAX_TIME_MS)]).optional(),
    /** Seconds; negative moves the clock back. */
    advance: z
      .number()
      .finite()
      .min(-MAX_TIME_MS / 1000)
      .max(MAX_TIME_MS / 1000)
      .optional(),
  })
  .strict();

const nextToken = z.object({ claims: z.record(z.string(), z.unknown()), clientId: z.string().min(1).optional() }).strict();

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };

function reply(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.set(JSON_HEADERS);
  ctx.body = JSON.stringify(body);
}

function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ControlInputError(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
}

class ControlInputError extends Error {}

export function controlRouter(control: HarnessControl): Router {
  const router = new Router({ prefix: '/_control' });
  router.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (error instanceof ControlInputError) return reply(ctx, 400, { error: 'invalid_request', message: error.message });
      if (error instanceof BodyError)
        return reply(ctx, error.problem === 'too_large' ? 413 : 400, { error: 'invalid_request', message: error.message });
      if (error instanceof UnknownTenantError) return reply(ctx, 404, { error: 'not_found', message: error.message });
      throw error;
    }
  });
  router.post('/reset', (ctx) => {
    control.reset();
    reply(ctx, 200, { reset: true, clock: control.clock.state() });
  });
  router.get('/clock', (ctx) => reply(ctx, 200, control.clock.state()));
  router.post('/clock', async (ctx) => {
    const change = validate(clockChange, await readJsonObject(ctx, { empty: 'object' }));
    if (change.freeze === true) control.clock.freeze();
    if (change.freeze === false) control.clock.unfreeze();
    const target =
      change.set === undefined ? control.clock.now() : typeof change.set === 'number' ? change.set : Date.parse(change.set);
    const after = target + (change.advance ?? 0) * 1000;
    if (!(after >= 0 && after <= MAX_TIME_MS)) throw new ControlInputError('advance: would move the clock outside 1970-9999');
    if (change.set !== undefined) control.clock.set(target);
    if (change.advance !== undefined) control.clock.advance(change.advance);
    reply(ctx, 200, control.clock.state() satisfies ClockState);
  });
  router.post('/tenants/:tenant/next-token', async (ctx) => {
    const body = validate(nextToken, await readJsonObject(ctx, { empty: 'object' }));
    control.nextTokenClaims(ctx.params.tenant as string, body.claims, body.clientId ? { clientId: body.clientId } : {});
    reply(ctx, 200, { queued: control.tenant(ctx.params.tenant as string).nextClaims.size });
  });
  router.get('/tenants/:tenant/requests', (ctx) => {
    const clientId = typeof ctx.query.clientId === 'string' ? ctx.query.clientId : undefined;
    reply(ctx, 200, { requests: control.requests(ctx.params.tenant as string, clientId ? { clientId } : {}) });
  });
  router.get('/dcr-bridge/events', (ctx) => reply(ctx, 200, { events: control.bridgeEvents() }));
  router.delete('/tenants/:tenant/requests', (ctx) => {
    control.clearRequests(ctx.params.tenant as string);
    ctx.status = 204;
  });
  return router;
}
