/**
 * Microsoft Graph's OData query options on `GET /v1.0/applications` (microsoft-graph-docs-contrib
 * api-reference/v1.0/api/application-list.md): `$filter`, `$select`, `$top` and the `$skiptoken` of
 * `@odata.nextLink`. Only what a client managing its own registrations asks for is understood; see each part.
 */
import {
  expiredPageToken,
  GraphError,
  invalidFilter,
  invalidPageSize,
  unknownSelectProperty,
  unsupportedFilterOperator,
  unsupportedFilterProperty,
} from './errors';

/** application-list.md: "The default and maximum page sizes are 100 and 999 application objects respectively." */
export const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 999;

export type Resource = Record<string, unknown>;

export interface ApplicationQuery {
  filter: (resource: Resource) => boolean;
  /** Property names as the resource spells them, in the order asked for; undefined without `$select`. */
  select: string[] | undefined;
  top: number;
  /** Where this page starts, from `$skiptoken`. */
  offset: number;
  /** The query options to repeat in `@odata.nextLink` (every one but `$skiptoken`), as given. */
  carried: [string, string][];
}

/**
 * The query string of a list request. `properties` are the application resource's property names (for `$select`).
 * A `$` option the harness does not implement ($count, $orderby, $search, $expand, $skip) is refused with a message
 * that says so: real Graph supports some of them (with `ConsistencyLevel: eventual`), so answering as if they were
 * ignored would mislead a caller.
 */
export function parseApplicationQuery(querystring: string, properties: readonly string[]): ApplicationQuery {
  const params = new URLSearchParams(querystring);
  const query: ApplicationQuery = { filter: () => true, select: undefined, top: DEFAULT_PAGE_SIZE, offset: 0, carried: [] };
  for (const [name, value] of params) {
    if (name !== '$skiptoken') query.carried.push([name, value]);
    switch (name.toLowerCase()) {
      case '$filter':
        query.filter = parseFilter(value);
        break;
      case '$select':
        query.select = value.split(',').map((p) => canonical(p.trim(), properties) ?? throwing(unknownSelectProperty(p.trim())));
        break;
      case '$top':
        if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_PAGE_SIZE) throw invalidPageSize(value);
        query.top = Number(value);
        break;
      case '$skiptoken':
        query.offset = readSkipToken(value);
        break;
      default:
        if (name.startsWith('$')) {
          throw new GraphError(
            400,
            'Request_UnsupportedQuery',
            `The harness's Graph does not implement the query option '${name}'.`,
          );
        }
    }
  }
  return query;
}

/** The resource with only the selected properties, in the order asked for (application-list.md example 4). */
export function selected(resource: Resource, select: string[] | undefined): Resource {
  if (!select) return resource;
  return Object.fromEntries(select.map((p) => [p, resource[p] ?? null]));
}

/** Opaque to the caller, like Graph's (learn.microsoft.com/graph/paging: "Do not try to extract the $skiptoken"). */
export function skipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ dcrKitOffset: offset })).toString('base64url');
}

function readSkipToken(token: string): number {
  try {
    const offset = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')).dcrKitOffset;
    if (Number.isSafeInteger(offset) && offset >= 0) return offset;
  } catch {
    // falls through
  }
  throw expiredPageToken();
}

function canonical(name: string, properties: readonly string[]): string | undefined {
  return properties.find((p) => p.toLowerCase() === name.toLowerCase());
}

function throwing(error: Error): never {
  throw error;
}

// --- $filter ------------------------------------------------------------------------------------------------------

/**
 * What the harness filters on, and with which operators. application.md lists for appId and displayName
 * `eq, ne, not, ge, le, in, startsWith`, for id `eq, ne, not, in`; `ne` and `not` need advanced queries, which the
 * harness does not implement, so they get the answer Graph gives without them (docs-contrib#1726). `in` and `not`
 * are not parsed (an invalid clause). String comparisons ignore case, as the directory's do (UNCONFIRMED).
 */
const FILTERABLE: Record<string, readonly string[]> = {
  appId: ['eq', 'ge', 'le', 'startswith'],
  displayName: ['eq', 'ge', 'le', 'startswith'],
  id: ['eq'],
};
/** The directory's names for the operators, as its errors spell them (only NotEqualsMatch is CONFIRMED). */
const OPERATOR_NAMES: Record<string, string> = { ne: 'NotEqualsMatch' };

type Clause = { property: string; operator: string; value: string };
type Token = { kind: 'word' | 'string' | 'punct'; text: string };

function parseFilter(text: string): (resource: Resource) => boolean {
  const tokens = tokenize(text);
  let at = 0;
  const next = () => tokens[at++];
  const expect = (kind: Token['kind'], value?: string): Token => {
    const token = next();
    if (!token || token.kind !== kind || (value !== undefined && token.text.toLowerCase() !== value)) throw invalidFilter();
    return token;
  };
  const clause = (): Clause => {
    const first = expect('word');
    if (first.text.toLowerCase() === 'startswith') {
      expect('punct', '(');
      const property = expect('word').text;
      expect('punct', ',');
      const value = expect('string').text;
      expect('punct', ')');
      return checked({ property, operator: 'startswith', value });
    }
    const operator = expect('word').text.toLowerCase();
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(operator)) throw invalidFilter();
    return checked({ property: first.text, operator, value: expect('string').text });
  };
  // OData precedence: `and` binds tighter than `or`; no parentheses around clauses.
  const alternatives: Clause[][] = [[clause()]];
  while (at < tokens.length) {
    const connector = expect('word').text.toLowerCase();
    if (connector === 'and') alternatives[alternatives.length - 1]?.push(clause());
    else if (connector === 'or') alternatives.push([clause()]);
    else throw invalidFilter();
  }
  return (resource) => alternatives.some((all) => all.every((c) => matches(resource, c)));
}

function checked(clause: Clause): Clause {
  const property = canonical(clause.property, Object.keys(FILTERABLE));
  if (!property) throw unsupportedFilterProperty(clause.property);
  const operatorName = OPERATOR_NAMES[clause.operator];
  if (operatorName) throw unsupportedFilterOperator(operatorName);
  if (!FILTERABLE[property]?.includes(clause.operator)) throw unsupportedFilterProperty(clause.property);
  return { ...clause, property };
}

function matches(resource: Resource, { property, operator, value }: Clause): boolean {
  const actual = String(resource[property] ?? '').toLowerCase();
  const wanted = value.toLowerCase();
  if (operator === 'eq') return actual === wanted;
  if (operator === 'startswith') return actual.startsWith(wanted);
  if (operator === 'ge') return actual >= wanted;
  return actual <= wanted; // le
}

/** Words, `'…'` strings (`''` is a quote inside one, as in OData) and `( , )`. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw invalidFilter();
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', text: value });
    } else if ('(),'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else {
      const word = /^[A-Za-z_][\w.]*/.exec(text.slice(i))?.[0];
      if (!word) throw invalidFilter();
      tokens.push({ kind: 'word', text: word });
      i += word.length;
    }
  }
  return tokens;
}
