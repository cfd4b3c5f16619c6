/**
 * The HTTP every registration API call goes through: a JSON (or form) request with `fetch`, the status it must
 * answer with (else a RegistrationError carrying the vendor's message), and a client-credentials token.
 */
import { basicAuthorization } from '../http/basic-auth';
import { type Fetch, RegistrationError } from './types';

export interface Reply {
  status: number;
  json: Record<string, unknown>;
}

export async function call(
  fetcher: Fetch,
  url: string,
  init: { method: string; headers?: Record<string, string>; json?: unknown; form?: Record<string, string> },
): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  if (init.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetcher(url, { method: init.method, headers, ...(body !== undefined && { body }) });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = {};
  }
  return { status: response.status, json };
}

export function expectStatus(reply: Reply, status: number, what: string): Reply {
  if (reply.status === status) return reply;
  const nested = reply.json.error as { message?: unknown } | undefined;
  const detail =
    [reply.json.error_description, reply.json.message, reply.json.errorSummary, nested?.message, reply.json.error].find(
      (v): v is string => typeof v === 'string',
    ) ?? `HTTP ${reply.status}`;
  throw new RegistrationError(`${what}: ${detail}`);
}

export async function clientCredentialsToken(
  fetcher: Fetch,
  tokenEndpoint: string,
  id: string,
  secret: string,
  params: Record<string, string>,
  useBasic: boolean,
): Promise<string> {
  const form: Record<string, string> = { grant_type: 'client_credentials', ...params };
  const headers: Record<string, string> = {};
  if (useBasic) headers.authorization = basicAuthorization(id, secret);
  else Object.assign(form, { client_id: id, client_secret: secret });
  return String(
    expectStatus(await call(fetcher, tokenEndpoint, { method: 'POST', headers, form }), 200, 'token request').json.access_token,
  );
}

export const str = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''));

/** A field the answer must carry (a new secret above all): its absence aborts instead of storing ''. */
export function required(reply: Reply, field: string, what: string): string {
  const value = reply.json[field];
  if (typeof value !== 'string' || value === '') throw new RegistrationError(`${what}: the answer has no ${field}`);
  return value;
}
