/**
 * RFC 6749 §2.3.1 client authentication with HTTP Basic: base64 of the form-urlencoded client id and secret,
 * joined by a colon. (Kong's docs show `Basic CLIENT_ID:CLIENT_SECRET` un-encoded, which no server recognises.)
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  const bytes = new TextEncoder().encode(`${encode(clientId)}:${encode(clientSecret)}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}
