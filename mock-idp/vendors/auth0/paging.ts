/**
 * The list query parameters of Auth0's Management API v2 (GET /api/v2/clients, GET /api/v2/client-grants) and the
 * shapes they answer with. Sources:
 * - https://auth0.com/docs/api/management/v2/clients/get-clients (page, per_page, include_totals, fields,
 *   include_fields)
 * - https://auth0.com/docs/api/management/v2/client-grants/get-client-grants (page, per_page, include_totals, from,
 *   take)
 * - auth0/go-auth0 test/data/recordings/TestClientGrantManager_List.yaml and TestClientGrantManager_Delete.yaml:
 *   `?include_totals=true&per_page=50` answers `{"total":1,"start":0,"limit":50,"client_grants":[…]}`, keys in
 *   that order.
 * - auth0/go-auth0 EXAMPLES.md ("Pagination"): the maximum `per_page` is 100; checkpoint paging by `from`/`take`.
 */
import type { Context } from 'koa';
import { Auth0ApiError } from '../../errors';

/** Auth0's default page size (go-auth0 EXAMPLES.md: the SDK sends per_page=50; the recordings answer limit 50). */
const DEFAULT_PER_PAGE = 50;
/** go-auth0 EXAMPLES.md: "The maximum value of the `per_page` query parameter is 100." */
const MAX_PER_PAGE = 100;

/**
 * A query value Auth0 refuses: 400 in Boom's shape `{statusCode, error, message, errorCode}` (vendors.md §1.4, as
 * invalidBody in errors.ts), errorCode `invalid_query_string` (the API references above describe the 400 as
 * "Invalid request query string"; the errorCode and the message text are UNCONFIRMED by a captured body).
 */
export const invalidQuery = (detail: string, property: string) =>
  new Auth0ApiError(400, `Query validation error: '${detail}' on property ${property}.`, 'invalid_query_string');

function integer(ctx: Context, name: string, min: number, max: number): number | undefined {
  const raw = ctx.query[name];
  if (raw === undefined) return undefined;
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined || !/^\d+$/.test(text)) {
    throw invalidQuery(`Expected type integer but found type string`, name);
  }
  const value = Number(text);
  if (value < min) throw invalidQuery(`Value ${value} is less than minimum ${min}`, name);
  if (value > max) throw invalidQuery(`Value ${value} is greater than maximum ${max}`, name);
  return value;
}

function boolean(ctx: Context, name: string): boolean | undefined {
  const raw = ctx.query[name];
  if (raw === undefined) return undefined;
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw invalidQuery('Expected type boolean but found type string', name);
}

/**
 * Offset paging: a bare array, or with include_totals=true `{"total","start","limit",<key>}` (the recordings' key
 * order). `start` is page × per_page; `limit` is per_page.
 */
export function offsetPage<T>(ctx: Context, key: string, items: T[], render: (item: T) => unknown): unknown {
  const perPage = integer(ctx, 'per_page', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;
  const page = integer(ctx, 'page', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const totals = boolean(ctx, 'include_totals') ?? false;
  const start = page * perPage;
  const slice = items.slice(start, start + perPage).map(render);
  return totals ? { total: items.length, start, limit: perPage, [key]: slice } : slice;
}

/** Whether the request asks for checkpoint paging (`from` or `take`, client-grants docs). */
export const wantsCheckpoint = (ctx: Context): boolean => ctx.query.from !== undefined || ctx.query.take !== undefined;

/**
 * Checkpoint paging (client-grants docs: `from` is the id to start from, `take` the number of entries, at most 100):
 * `{<key>:[…]}` plus `"next":"<id of the next entry>"` while entries remain. An unknown `from` yields an empty page
 * (UNCONFIRMED).
 */
export function checkpointPage<T extends { id: string }>(
  ctx: Context,
  key: string,
  items: T[],
  render: (item: T) => unknown,
): unknown {
  const take = integer(ctx, 'take', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;
  const rawFrom = ctx.query.from;
  const from = Array.isArray(rawFrom) ? rawFrom[0] : rawFrom;
  const begin = from === undefined || from === '' ? 0 : items.findIndex((item) => item.id === from);
  if (begin < 0) return { [key]: [] };
  const slice = items.slice(begin, begin + take);
  const next = items[begin + take];
  return next ? { [key]: slice.map(render), next: next.id } : { [key]: slice.map(render) };
}

/**
 * `fields` (comma list) and `include_fields` (true: only those fields; false: all but those), get-clients docs.
 * Returns the filter to apply to each rendered object, keys kept in the object's own order.
 */
export function fieldFilter(ctx: Context): (body: Record<string, unknown>) => Record<string, unknown> {
  const raw = ctx.query.fields;
  const include = boolean(ctx, 'include_fields') ?? true;
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined || text === '') return (body) => body;
  const names = new Set(text.split(',').map((f) => f.trim()));
  return (body) => Object.fromEntries(Object.entries(body).filter(([k]) => names.has(k) === include));
}
