/**
 * The one redaction helper: everything the extension logs, every error it reports and everything it exports goes
 * through it (explicit "copy the token / secret / request" actions are the only exceptions). Pure, no browser API.
 *
 * It redacts
 *  - values under secret-looking keys (client_secret, access_token, registration_access_token, password, api_key,
 *    authorization, cookie, set-cookie, x-api-key, …), in objects, JSON text, `key=value` forms and header lines;
 *  - credentials after an Authorization scheme (Basic, Bearer, SSWS, DPoP);
 *  - JWT-shaped strings (`eyJ….….…`), and passwords in URLs (`https://user:password@host`);
 *  - known secret values (the extension's own client secrets, tokens and admin credentials), including their
 *    URL-, form- and JSON-encoded forms.
 */
export const REDACTED = '[redacted]';

/** Shorter known values are not matched by value (they would garble ordinary text); key names still catch them. */
const MIN_KNOWN_LENGTH = 6;

/** Normalised key names (lower case, letters and digits only) that always carry a secret. */
const SECRET_NAMES = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'password',
  'passwd',
  'passphrase',
  'secret',
  'secrettext',
  'apikey',
  'xapikey',
  'assertion',
  'clientassertion',
  'codeverifier',
  'privatekey',
]);
/** …and the endings that do: client_secret, access_token, id_token, apiToken, portalaccesstoken, x-echo-authorization… */
const SECRET_SUFFIXES = ['secret', 'token', 'password', 'apikey', 'cookie', 'authorization'];

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Whether a key, parameter or header name carries a secret. */
export function isSecretKey(name: string): boolean {
  const n = normalise(name);
  return SECRET_NAMES.has(n) || SECRET_SUFFIXES.some((suffix) => n.endsWith(suffix));
}

/** The forms a known value takes in text: as is, URL-encoded, form-encoded and JSON-escaped. */
function variants(known: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const value of known) {
    if (typeof value !== 'string' || value.length < MIN_KNOWN_LENGTH) continue;
    out.add(value);
    out.add(encodeURIComponent(value));
    out.add(new URLSearchParams({ v: value }).toString().slice(2));
    out.add(JSON.stringify(value).slice(1, -1));
  }
  // Longest first: a secret that contains another is replaced whole.
  return [...out].filter((v) => v.length >= MIN_KNOWN_LENGTH).sort((a, b) => b.length - a.length);
}

const HEADER_LINE = /^([ \t]*(?:proxy-authorization|authorization|cookie|set-cookie|x-api-key|api-key)[ \t]*:)[^\r\n]*/gim;
/**
 * `name=value`, `name: value`, `"name": "value"` where the name ends like a secret one (checked again with
 * isSecretKey); only such names match, so a URL or another pair is never swallowed whole. A name is taken whole
 * (an atomic lookahead + backreference, starting only where a name can start) and its ending checked behind it:
 * every character is looked at a bounded number of times, so a megabyte of `a-b.c-d…` costs what its length does.
 */
const KEY_VALUE =
  /(?<quote>["']?)(?<![\w.-])(?=(?<name>[A-Za-z][\w.-]*))\k<name>(?<=(?:secret|token|password|passwd|passphrase|api[-_]?key|cookie|authorization|assertion|code[-_]?verifier|private[-_]?key|secret[-_]?text))\k<quote>(?<separator>\s*[:=]\s*)(?!\[redacted\])(?:"(?<dq>(?:[^"\\]|\\.)*)"|'(?<sq>[^']*)'|(?<bare>[^\s"'&,;}\])]+))/gi;
const SCHEME_NAME = /^(Basic|Bearer|SSWS|DPoP)$/i;
/** The credential (token68) after a scheme; it ends in a letter, digit, + or / and padding, never in prose's full stop. */
const SCHEME = /\b(Basic|Bearer|SSWS|DPoP)([ \t]+)(?!\[redacted\])([A-Za-z0-9\-._~+/]*[A-Za-z0-9+/]=*)/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){0,2}/g;
const URL_PASSWORD = /((?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]+@/gi;

function redactPatterns(text: string): string {
  return text
    .replace(HEADER_LINE, `$1 ${REDACTED}`)
    .replace(KEY_VALUE, (match: string, ...rest: unknown[]) => {
      const { quote = '', name = '', separator = '', dq, sq, bare } = rest.at(-1) as Record<string, string | undefined>;
      if (!isSecretKey(name)) return match;
      // `Authorization: Bearer x`: the scheme stays, and the scheme pass below redacts the credential after it.
      if (bare !== undefined && SCHEME_NAME.test(bare)) return match;
      const value = dq ?? sq;
      // A quoted `"Bearer x"` keeps its scheme name too.
      const scheme = value !== undefined ? /^(Basic|Bearer|SSWS|DPoP)\s/i.exec(value)?.[1] : undefined;
      const shown = scheme ? `${scheme} ${REDACTED}` : REDACTED;
      const wrapped = dq !== undefined ? `"${shown}"` : sq !== undefined ? `'${shown}'` : shown;
      return `${quote}${name}${quote}${separator}${wrapped}`;
    })
    .replace(SCHEME, (match, scheme: string, space: string, credential: string) =>
      // A plain lower-case word is prose ("Basic authentication", `Bearer realm="kong"`), not a credential.
      /^[a-z]+=?$/.test(credential) ? match : `${scheme}${space}${REDACTED}`,
    )
    .replace(JWT, REDACTED)
    .replace(URL_PASSWORD, `$1:${REDACTED}@`);
}

function redactKnown(text: string, known: readonly string[]): string {
  let out = text;
  for (const value of known) if (out.includes(value)) out = out.split(value).join(REDACTED);
  return out;
}

function redactStructure(value: unknown, known: readonly string[]): unknown {
  if (typeof value === 'string') return redactPatterns(redactKnown(value, known));
  if (Array.isArray(value)) return value.map((item) => redactStructure(item, known));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (isSecretKey(key)) {
        if (typeof item === 'string' || typeof item === 'number') return [key, REDACTED];
        if (Array.isArray(item) && item.every((i) => typeof i === 'string')) return [key, item.map(() => REDACTED)];
      }
      return [key, redactStructure(item, known)];
    }),
  );
}

/** A deep copy of `value` with every secret redacted (by key name, by pattern and by known value). */
export function redactValue<T>(value: T, known: Iterable<string> = []): T {
  return redactStructure(value, variants(known)) as T;
}

/** Text with every secret redacted. JSON text is redacted structurally and keeps its layout when nothing changed. */
export function redactText(text: string, known: Iterable<string> = []): string {
  const values = variants(known);
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined) {
      const redacted = redactStructure(parsed, values);
      if (JSON.stringify(redacted) === JSON.stringify(parsed)) return text;
      return JSON.stringify(redacted, null, trimmed.includes('\n') ? 2 : undefined);
    }
  }
  return redactPatterns(redactKnown(text, values));
}

/** An error's message, redacted (what the extension logs or shows of an error: never its stack or its body). */
export function redactError(error: unknown, known: Iterable<string> = []): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : String(error);
  return redactText(message, known);
}

/** Every string stored under a secret key, at any depth: the known values to redact elsewhere. */
export function secretValuesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(secretValuesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    isSecretKey(key) && typeof item === 'string' ? [item] : secretValuesIn(item),
  );
}

/**
 * A value the user may recognise but not use: its first four characters (only for a long value) and its length. For
 * cookies shown or exported without "Include values".
 */
export function maskValue(value: string): string {
  return `${value.length >= 16 ? value.slice(0, 4) : ''}… (${value.length} characters)`;
}
