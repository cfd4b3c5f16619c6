/**
 * The page's only way out: same-origin calls to the harness's control plane (`/_control`), `/harness.json` and the
 * tenants' JWKS. With a control token (a public bind), the user types it once; it stays in this tab's
 * sessionStorage and goes in the Authorization header, never in a URL.
 */
import type { TrafficEntry } from '../feed';

const TOKEN_KEY = 'dcr-kit-control-token';

export class NeedsToken extends Error {}

export function controlToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setControlToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

function headers(body: boolean): Record<string, string> {
  const token = controlToken();
  return {
    accept: 'application/json',
    ...(body && { 'content-type': 'application/json' }),
    ...(token && { authorization: `Bearer ${token}` }),
  };
}

export interface Reply<T> {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: control-plane JSON, read field by field by each tab.
  json: T | any;
}

/** A control call; a 401 throws NeedsToken (the app then asks for the token). */
export async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
  const res = await fetch(path, {
    method,
    headers: headers(body !== undefined),
    credentials: 'same-origin',
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (res.status === 401 && path.startsWith('/_control')) throw new NeedsToken();
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json };
}

/** The message of a control-plane error reply, or the status. */
export function problem(reply: Reply<unknown>): string {
  return (reply.json && typeof reply.json.message === 'string' && reply.json.message) || `HTTP ${reply.status}`;
}

export type FeedEvent = { type: 'traffic'; entry: TrafficEntry } | { type: 'clear' };

/**
 * Reads `/_control/traffic/stream` (Server-Sent Events) with fetch rather than EventSource, which cannot send the
 * Authorization header. Resolves when the stream ends or `signal` aborts.
 */
export async function readStream(onEvent: (event: FeedEvent) => void, signal: AbortSignal, onOpen: () => void): Promise<void> {
  const res = await fetch('/_control/traffic/stream', { headers: headers(false), signal });
  if (res.status === 401) throw new NeedsToken();
  if (!res.ok || !res.body) throw new Error(`the traffic stream answered HTTP ${res.status}`);
  onOpen();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      const type = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (type === 'clear') onEvent({ type: 'clear' });
      else if (type === 'traffic' && data) onEvent({ type: 'traffic', entry: JSON.parse(data) as TrafficEntry });
    }
  }
}
