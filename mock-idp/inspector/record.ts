/**
 * The one recording step the harness, portal and gateway apps run first (start/inspector.ts puts it there): it
 * times the request and, once the response is decided, pushes one redacted entry onto the traffic feed. Which
 * requests count is a lookup of the path's first segment in a table derived from the tenants and services, so
 * the inspector's own page, `/_control`, `/harness.json` and the portal's HTML pages are not recorded.
 */
import type { Context, Middleware, Next } from 'koa';
import type { Clock } from '../core/clock';
import { tokenState } from '../tenant';
import type { TrafficFeed } from './feed';
import { redactForm, redactHeaders, redactJsonText, redactTokenResponse } from './redact';

/** What a request is about, from where it was sent. */
export interface Label {
  tenant: string | null;
  vendor: string;
}

/** Labels by the path's first segment (`/okta/…` → the okta tenant); undefined: not recorded. */
export type Labeler = (path: string) => Label | undefined;

export function labelByFirstSegment(labels: ReadonlyMap<string, Label>): Labeler {
  return (path) => {
    const end = path.indexOf('/', 1);
    return labels.get(end === -1 ? path.slice(1) : path.slice(1, end));
  };
}

/** The raw request body the body readers kept (core/http.ts readBody), for requests that are not token requests. */
function requestBody(ctx: Context): string | Record<string, string> | null {
  const params = tokenState(ctx).params;
  if (params) return redactForm(params.values);
  const raw = (ctx.state as { rawBody?: Buffer }).rawBody;
  if (!raw || raw.length === 0) return null;
  const text = raw.toString('utf8');
  if ((ctx.get('content-type') || '').includes('x-www-form-urlencoded'))
    return redactForm(Object.fromEntries(new URLSearchParams(text)));
  return redactJsonText(text);
}

function responseBody(ctx: Context): string | null {
  const body: unknown = ctx.body;
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : null;
  if (text === null) return null;
  // A token endpoint's answer is the harness's own JSON (nothing of the request echoed in it): matched by member
  // name, the token path's cheaper way; anything else (a gateway's echo of the request) is parsed and walked.
  return tokenState(ctx).params ? redactTokenResponse(text) : redactJsonText(text);
}

function clientIdOf(ctx: Context): string | null {
  const state = tokenState(ctx);
  const params = ctx.params as Record<string, string> | undefined;
  return state.credentials?.clientId ?? state.params?.values.client_id ?? params?.clientId ?? null;
}

export function recordTraffic(options: { feed: TrafficFeed; clock: Clock; origin: string; label: Labeler }): Middleware {
  const { feed, clock, origin, label } = options;
  return async function recordTraffic(ctx: Context, next: Next): Promise<void> {
    const about = label(ctx.path);
    if (!about) return next();
    const at = clock.now();
    const started = performance.now();
    let thrown: { status?: unknown } | undefined;
    try {
      await next();
    } catch (error) {
      thrown = (error ?? {}) as { status?: unknown };
      throw error;
    } finally {
      feed.record({
        at,
        origin,
        tenant: about.tenant,
        vendor: about.vendor,
        method: ctx.method,
        path: ctx.path,
        status: thrown ? (typeof thrown.status === 'number' ? thrown.status : 500) : ctx.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        clientId: clientIdOf(ctx),
        request: { headers: redactHeaders(ctx.headers), body: requestBody(ctx) },
        response: { headers: redactHeaders(ctx.response.headers as Record<string, string>), body: responseBody(ctx) },
      });
    }
  };
}
