/** Random identifiers in the shapes vendors use. */
import { randomBytes, randomUUID } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function alphanumeric(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 62 symbols: the modulo bias is irrelevant for mock identifiers.
  for (const byte of bytes) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return out;
}

export function base64url(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export const uuid = randomUUID;
