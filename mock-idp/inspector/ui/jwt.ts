/** Reads a compact JWT's header and claims in the page (no verification: the decoder tab asks the harness). */
export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

function part(text: string): Record<string, unknown> {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** Header and claims of `token` (its signature may be the feed's `[redacted]`); undefined when it is not a JWT. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const [header, claims] = token.split('.');
  if (!header || !claims) return undefined;
  try {
    return { header: part(header), claims: part(claims) };
  } catch {
    return undefined;
  }
}

/** The token in a token response body, when the body is JSON with an `access_token`. */
export function tokenInBody(body: string | null): DecodedJwt | undefined {
  if (!body?.includes('"access_token"')) return undefined;
  try {
    const token = (JSON.parse(body) as { access_token?: unknown }).access_token;
    return typeof token === 'string' ? decodeJwt(token) : undefined;
  } catch {
    return undefined;
  }
}
