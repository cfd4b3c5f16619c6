/**
 * The step app.ts puts into every tenant and service route: it asks the fault table about the request and acts.
 * It sits right after the route's error renderer (marked with `markErrorRenderer`), so an injected status or a
 * vendor error is written in that endpoint's own dialect; routes without a renderer (static documents) get a
 * plain JSON body.
 */
import type { Context, Middleware, Next } from 'koa';
import { clientCredentials, parseForm, readBody } from '../core/http';
import { InjectedStatus, isErrorRenderer, type WireError } from '../errors';
import type { EndpointKind, Fault, FaultTable, TokenTimeFault } from './index';

/** Where the fault step goes: right after the route's error renderer, or first when there is none. */
export function withFaultStep(steps: Middleware[], inserted: Middleware[]): Middleware[] {
  const at = steps.findIndex(isErrorRenderer) + 1;
  return [...steps.slice(0, at), ...inserted, ...steps.slice(at)];
}

/** Default Retry-After (seconds) for 429 and 503 when a rule gives none. */
export function retryAfterFor(status: number, given: number | undefined, vendorDefault = 1): number | undefined {
  if (given !== undefined) return given;
  return status === 429 || status === 503 ? vendorDefault : undefined;
}

export interface FaultTarget {
  /** The tenant id or service name rules name. */
  id: string;
  /** A vendor error by name (token endpoints), with the client id the request names. */
  vendorError?: (name: string, clientId: string) => WireError | undefined;
  /** Seconds a 429/503 asks to wait when the rule does not say (Entra: 60, MSAL docs). */
  defaultRetryAfter?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The client id a token request names (Basic header or form body), for vendor error texts. */
async function requestedClientId(ctx: Context): Promise<string> {
  const authorization = ctx.get('authorization') || undefined;
  const fromHeader = clientCredentials(authorization, {}).clientId;
  if (fromHeader) return fromHeader;
  // No usable Basic id: the form body's client_id. The endpoint does not run after a vendor error, so reading the
  // body here takes nothing from it.
  const body = await readBody(ctx).then(
    (bytes) => parseForm(bytes).values,
    () => ({}) as Record<string, string>,
  );
  return body.client_id ?? '';
}

export function tokenTimeFault(ctx: Context): TokenTimeFault | undefined {
  return (ctx.state as { tokenTimeFault?: TokenTimeFault }).tokenTimeFault;
}

export function faultStep(table: FaultTable, target: FaultTarget, endpoint: EndpointKind, hasRenderer: boolean): Middleware {
  return async function injectFaults(ctx: Context, next: Next): Promise<void> {
    if (table.size === 0) return next();
    const fault: Fault | undefined = await table.take(target.id, endpoint, ctx.method);
    if (!fault) return next();
    switch (fault.type) {
      case 'latency':
        await sleep(fault.ms + Math.round(Math.random() * fault.jitterMs));
        return next();
      case 'status': {
        const retryAfter = retryAfterFor(fault.status, fault.retryAfter, target.defaultRetryAfter);
        if (hasRenderer) throw new InjectedStatus(fault.status, retryAfter);
        ctx.status = fault.status;
        ctx.set({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        if (retryAfter !== undefined) ctx.set('Retry-After', String(retryAfter));
        ctx.body = JSON.stringify({ error: 'temporarily_unavailable', error_description: `injected ${fault.status}` });
        return;
      }
      case 'error': {
        const error = target.vendorError?.(fault.error, await requestedClientId(ctx));
        if (error) throw error;
        return next();
      }
      case 'malformed-json':
        // A body cut off mid-token, under the endpoint's JSON content type: what a truncated proxy answer looks like.
        ctx.status = 200;
        ctx.set({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        ctx.body = '{"access_token":"eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3Mi';
        return;
      case 'reset':
        ctx.respond = false;
        ctx.req.socket.resetAndDestroy();
        return;
      default:
        (ctx.state as { tokenTimeFault?: TokenTimeFault }).tokenTimeFault = fault;
        return next();
    }
  };
}

/** Applies a token-time fault to a claim set: every NumericDate claim moves by the same amount. */
export function shiftTokenTimes<T extends Record<string, unknown>>(claims: T, fault: TokenTimeFault | undefined): T {
  if (!fault) return claims;
  const iat = Number(claims.iat);
  const exp = Number(claims.exp);
  // expired: exp lands 60 s in the past; future and skew: everything moves by the given seconds.
  const shift = fault.type === 'expired-token' ? -(exp - iat) - 60 : fault.seconds;
  const out: Record<string, unknown> = { ...claims };
  for (const name of ['iat', 'nbf', 'exp', 'auth_time'])
    if (typeof out[name] === 'number') out[name] = (out[name] as number) + shift;
  return out as T;
}
