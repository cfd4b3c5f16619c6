/**
 * Test controls, in process (`harness.control`) and over HTTP under `/_control` (same operations, JSON).
 * Reset, the clock, claims for the next token, and the requests a client sent (secrets already redacted).
 */
import Router from '@koa/router';
import type { Context, Middleware, Next } from 'koa';
import { z } from 'zod';
import type { BridgeEvent, DcrBridge } from '../bridge';
import type { Clock, ClockState } from '../core/clock';
import { hasControlToken, refuseCrossOriginWrite } from '../core/guard';
import { BodyError, readJsonObject } from '../core/http';
import { generateSigningKey } from '../core/keys';
import { lazy } from '../core/lazy';
import type { RecordedRequest } from '../core/recorder';
import { MemoryStore, type Store, StoreUnavailable } from '../core/store';
import { FaultRuleError, type FaultRuleSpec, FaultTable } from '../faults';
import type { Tenant } from '../tenant';
import { kidStyleFor } from '../vendors';
import { type ClientOrigins, deleteClient, listClients, rotateClientSecret, UnknownClientError } from './clients';
import { decodeToken } from './tokens';

export class UnknownTenantError extends Error {
  constructor(readonly tenantId: string) {
    super(`unknown tenant "${tenantId}"`);
  }
}

export class HarnessControl {
  /** Fault rules, matched on every tenant and service request (see faults/index.ts). */
  readonly faults: FaultTable;
  /** How each client was made (the harness sets it from its config, portal and bridge; see start/inspector.ts). */
  clientOrigins: ClientOrigins = () => 'vendor API';

  constructor(
    readonly clock: Clock,
    private readonly tenants: ReadonlyMap<string, Tenant>,
    private readonly bridge?: DcrBridge,
    /** Resets what is not a tenant (gateway caches, registered applications). */
    private readonly resetOthers: () => void = () => {},
    /** Rules from the config file: added at start and again by every reset. */
    private readonly configuredFaults: readonly unknown[] = [],
    store: Store = new MemoryStore(),
  ) {
    this.faults = new FaultTable((rule) => this.checkFault(rule), Math.random, store);
    this.faults.seed(configuredFaults);
  }

  /** A rule names a tenant (or `graph`, `dcr-bridge`, `*`), and vendor errors that tenant's vendor has. */
  checkFault(rule: FaultRuleSpec): void {
    const services = ['graph', 'dcr-bridge'];
    if (rule.tenant !== '*' && !this.tenants.has(rule.tenant) && !services.includes(rule.tenant)) {
      throw new FaultRuleError(
        `tenant: no tenant "${rule.tenant}" (known: ${[...this.tenants.keys(), ...services, '*'].join(', ')})`,
      );
    }
    if (rule.fault.type === 'error') {
      const name = rule.fault.error;
      if (services.includes(rule.tenant))
        throw new FaultRuleError(`fault.error: vendor errors are for tenants' token endpoints, not "${rule.tenant}"`);
      const tenants = rule.tenant === '*' ? [...this.tenants.values()] : [this.tenant(rule.tenant)];
      for (const tenant of tenants)
        if (!tenant.faultErrorNames.includes(name))
          throw new FaultRuleError(
            `fault.error: ${tenant.vendor} has no error "${name}" (known: ${tenant.faultErrorNames.join(', ')})`,
          );
    }
  }

  /**
   * Signs with a new key from now on; the old key stays in the JWKS for `graceSeconds` of harness time (0: gone at
   * once), so tokens signed before the rotation keep verifying until then. Returns the new and old kids.
   */
  async rotateKey(tenantId: string, graceSeconds = 0): Promise<{ kid: string; previousKid: string }> {
    const tenant = this.tenant(tenantId);
    await tenant.keys.ready();
    const previousKid = tenant.keys.current.kid;
    tenant.keys.rotate(await generateSigningKey(kidStyleFor(tenant.vendor)), graceSeconds);
    return { kid: tenant.keys.current.kid, previousKid };
  }

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
    this.faults.clear();
    this.faults.seed(this.configuredFaults);
  }

  /** The lifecycle events Konnect sent to the HTTP DCR bridge's event hook, oldest first. */
  bridgeEvents(): BridgeEvent[] {
    return [...(this.bridge?.events ?? [])];
  }

  /** Claims merged into the next token the tenant issues (to `clientId` only, when given). */
  nextTokenClaims(tenantId: string, claims: Record<string, unknown>, options: { clientId?: string } = {}): void {
    this.tenant(tenantId).nextClaims.push(claims, options.clientId);
  }

  /** What a fault rule may name: each tenant with its vendor's error names, and the services (the inspector's templates). */
  faultTargets() {
    return {
      tenants: [...this.tenants.values()].map((t) => ({
        tenant: t.id,
        vendor: t.vendor,
        errors: [...t.faultErrorNames],
        defaultRetryAfter: t.defaultRetryAfter ?? 1,
      })),
      services: this.bridge ? ['graph', 'dcr-bridge'] : ['graph'],
    };
  }

  /** Every tenant's clients, with how each was made (the QA inspector's Clients tab). */
  clients() {
    return listClients(this.tenants.values(), this.clientOrigins);
  }

  deleteClient(tenantId: string, clientId: string): void {
    deleteClient(this.tenant(tenantId), clientId);
  }

  rotateClientSecret(tenantId: string, clientId: string) {
    return rotateClientSecret(this.tenant(tenantId), clientId);
  }

  /** A JWT's header and claims, and which tenant's published key verifies it (or why none does). */
  decodeToken(token: string) {
    return decodeToken(token, this.tenants.values(), this.clock);
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

/** The control plane's request bodies (built on first use). */
const schemas = lazy(() => {
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

  const rotation = z.strictObject({ graceSeconds: z.number().int().min(0).max(31_536_000).default(0) });

  const nextToken = z.object({ claims: z.record(z.string(), z.unknown()), clientId: z.string().min(1).optional() }).strict();
  const token = z.strictObject({ token: z.string().min(1).max(16_384) });
  return { clockChange, rotation, nextToken, token };
});

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };

export function reply(ctx: Context, status: number, body: unknown): void {
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

/** Who may use `/_control` over HTTP (the in-process `harness.control` is not affected). */
export interface ControlAccess {
  /** When set, every request needs `Authorization: Bearer <token>`. */
  token?: string;
  /** The harness's own origins besides the one a request names in its Host (the public URL). */
  origins: readonly string[];
}

/**
 * A page on another origin must not change the harness (issue 10: a text/plain POST from http://localhost:5630
 * added faults and froze the clock), and with a token nobody without it may use the controls. This is a step of
 * each route, not a router-level `use`: whatever spelling of a path reaches a route (routes match case-insensitively)
 * passes through it.
 */
function guardControl(access: ControlAccess): Middleware {
  return async function guardControl(ctx: Context, next: Next) {
    if (access.token !== undefined && !hasControlToken(ctx, access.token)) {
      ctx.set('WWW-Authenticate', 'Bearer realm="mock-idp control"');
      return reply(ctx, 401, {
        error: 'unauthorized',
        message: 'the control plane needs the control token: send "Authorization: Bearer <token>" (printed at start)',
      });
    }
    const refusal = refuseCrossOriginWrite(ctx, { ownOrigins: access.origins });
    if (refusal)
      return reply(ctx, refusal.status, {
        error: refusal.status === 403 ? 'forbidden' : 'unsupported_media_type',
        message: refusal.reason,
      });
    await next();
  };
}

async function renderControlErrors(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (error) {
    // Answered by start/fleet.ts's gate as 503 with Retry-After.
    if (error instanceof StoreUnavailable) throw error;
    if (error instanceof ControlInputError) return reply(ctx, 400, { error: 'invalid_request', message: error.message });
    if (error instanceof BodyError)
      return reply(ctx, error.problem === 'too_large' ? 413 : 400, { error: 'invalid_request', message: error.message });
    if (error instanceof UnknownTenantError || error instanceof UnknownClientError)
      return reply(ctx, 404, { error: 'not_found', message: error.message });
    if (error instanceof FaultRuleError) return reply(ctx, 400, { error: 'invalid_request', message: error.message });
    console.error(`mock-idp: unexpected error on ${ctx.method} ${ctx.path}:`, error);
    reply(ctx, 500, { error: 'server_error', message: 'unexpected error (see the harness log)' });
  }
}

/** The steps every control route starts with: errors rendered as control JSON, then who may ask. */
export function controlSteps(access: ControlAccess): Middleware[] {
  return [renderControlErrors, guardControl(access)];
}

export function controlRouter(control: HarnessControl, access: ControlAccess = { origins: [] }): Router {
  const router = new Router({ prefix: '/_control' });
  const steps = controlSteps(access);
  router.post('/reset', ...steps, (ctx) => {
    control.reset();
    reply(ctx, 200, { reset: true, clock: control.clock.state() });
  });
  router.get('/clock', ...steps, (ctx) => reply(ctx, 200, control.clock.state()));
  router.post('/clock', ...steps, async (ctx) => {
    const change = validate(schemas().clockChange, await readJsonObject(ctx, { empty: 'object' }));
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
  router.post('/tenants/:tenant/next-token', ...steps, async (ctx) => {
    const body = validate(schemas().nextToken, await readJsonObject(ctx, { empty: 'object' }));
    control.nextTokenClaims(ctx.params.tenant as string, body.claims, body.clientId ? { clientId: body.clientId } : {});
    reply(ctx, 200, { queued: control.tenant(ctx.params.tenant as string).nextClaims.size });
  });
  router.get('/tenants/:tenant/requests', ...steps, (ctx) => {
    const clientId = typeof ctx.query.clientId === 'string' ? ctx.query.clientId : undefined;
    reply(ctx, 200, { requests: control.requests(ctx.params.tenant as string, clientId ? { clientId } : {}) });
  });
  router.get('/faults', ...steps, (ctx) => reply(ctx, 200, { faults: control.faults.list() }));
  router.get('/faults/targets', ...steps, (ctx) => reply(ctx, 200, control.faultTargets()));
  router.post('/faults', ...steps, async (ctx) => {
    const rule = await control.faults.add(await readJsonObject(ctx));
    reply(ctx, 201, rule);
  });
  router.delete('/faults', ...steps, (ctx) => {
    control.faults.clear();
    ctx.status = 204;
  });
  router.delete('/faults/:id', ...steps, (ctx) => {
    if (!control.faults.remove(String(ctx.params.id)))
      return reply(ctx, 404, { error: 'not_found', message: `no fault rule "${ctx.params.id}"` });
    ctx.status = 204;
  });
  router.post('/tenants/:tenant/rotate-key', ...steps, async (ctx) => {
    const body = validate(schemas().rotation, await readJsonObject(ctx, { empty: 'object' }));
    reply(ctx, 200, await control.rotateKey(String(ctx.params.tenant), body.graceSeconds));
  });
  router.get('/dcr-bridge/events', ...steps, (ctx) => reply(ctx, 200, { events: control.bridgeEvents() }));
  router.delete('/tenants/:tenant/requests', ...steps, (ctx) => {
    control.clearRequests(ctx.params.tenant as string);
    ctx.status = 204;
  });
  // The QA inspector's Clients tab and token decoder (issue 13).
  router.get('/clients', ...steps, (ctx) => reply(ctx, 200, { tenants: control.clients() }));
  router.delete('/tenants/:tenant/clients/:clientId', ...steps, (ctx) => {
    control.deleteClient(String(ctx.params.tenant), String(ctx.params.clientId));
    ctx.status = 204;
  });
  router.post('/tenants/:tenant/clients/:clientId/rotate-secret', ...steps, (ctx) =>
    reply(ctx, 200, control.rotateClientSecret(String(ctx.params.tenant), String(ctx.params.clientId))),
  );
  router.post('/tokens/decode', ...steps, async (ctx) => {
    const body = validate(schemas().token, await readJsonObject(ctx));
    reply(ctx, 200, control.decodeToken(body.token));
  });
  return router;
}
