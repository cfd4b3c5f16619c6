/**
 * Loads node-oidc-provider on first use (its import costs ~200 ms: mock-idp-anchors §5.3, so the harness only pays
 * it when a tenant's standard registration endpoint is used).
 *
 * oidc-provider 9 prints "Unsupported runtime. Use Node.js v22.x LTS…" on Node 20. The harness supports Node 20.19+
 * deliberately: every path it uses (RFC 7591 registration with initial access tokens, RFC 7592 management) is
 * covered by this repository's tests on Node 20, and the two APIs it needs (URL.parse, crypto.hash) exist from
 * 20.18. So exactly that one warning is dropped, while the import runs; every other warning passes through.
 */
type OidcModule = typeof import('oidc-provider');

let loading: Promise<OidcModule> | undefined;

/** Matched as a substring: on a terminal the warning is wrapped in colour escapes. */
const UNSUPPORTED_RUNTIME = 'oidc-provider WARNING: Unsupported runtime.';

export function loadOidcProvider(): Promise<OidcModule> {
  loading ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes(UNSUPPORTED_RUNTIME)) return;
      warn(...args);
    };
    try {
      return await import('oidc-provider');
    } finally {
      console.warn = warn;
    }
  })();
  return loading;
}

/**
 * Runs `operation` while console.warn drops lines containing `text` (matched as a substring). Overlapping calls
 * share one filter, removed when the last one ends. Used for a warning the harness causes on purpose.
 */
const silenced = new Map<string, number>();
let originalWarn: typeof console.warn | undefined;

export async function withoutWarning<T>(text: string, operation: () => Promise<T>): Promise<T> {
  if (silenced.size === 0) {
    originalWarn = console.warn;
    const warn = originalWarn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && [...silenced.keys()].some((t) => (args[0] as string).includes(t))) return;
      warn(...args);
    };
  }
  silenced.set(text, (silenced.get(text) ?? 0) + 1);
  try {
    return await operation();
  } finally {
    const left = (silenced.get(text) ?? 1) - 1;
    if (left === 0) silenced.delete(text);
    else silenced.set(text, left);
    if (silenced.size === 0 && originalWarn) console.warn = originalWarn;
  }
}
