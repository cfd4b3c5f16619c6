import { useEffect, useState } from 'preact/hooks';
import type { Token } from '../core/token-response';

function remaining(ms: number): string {
  if (ms <= 0) return 'expired';
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s % 60}s` : `${s}s`;
}

function Copy({ label, value, testId }: { label: string; value: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="secondary"
      data-testid={testId}
      onClick={() => navigator.clipboard.writeText(value).then(() => setCopied(true))}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}

export function TokenCard({ token, credentialClaim }: { token: Token; credentialClaim: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const claims = token.decoded?.payload;
  const credential = claims?.[credentialClaim];

  return (
    <section class="token" data-testid="token-card" aria-label="Access token">
      <p>
        <strong>{token.tokenType}</strong> token · expires in{' '}
        <span data-testid="token-expiry">{remaining(token.expiresAt - now)}</span>
        {token.scope && (
          <>
            {' '}
            · scope <code>{token.scope}</code>
          </>
        )}
      </p>
      {credential !== undefined && (
        <p>
          Credential claim <code>{credentialClaim}</code> = <mark data-testid="credential-claim">{String(credential)}</mark>
        </p>
      )}
      <div class="row">
        <Copy label="Copy token" value={token.accessToken} testId="copy-token" />
        <Copy
          label="Copy Authorization header"
          value={`Authorization: Bearer ${token.accessToken}`}
          testId="copy-authorization"
        />
      </div>
      {token.decoded ? (
        <details open>
          <summary>Header and claims</summary>
          <pre data-testid="token-header">{JSON.stringify(token.decoded.header, null, 2)}</pre>
          <pre data-testid="token-claims">{JSON.stringify(token.decoded.payload, null, 2)}</pre>
        </details>
      ) : (
        <p class="muted">Opaque token (not a JWT): introspect it at the IdP.</p>
      )}
      <details>
        <summary>Access token</summary>
        <pre data-testid="access-token">{token.accessToken}</pre>
      </details>
    </section>
  );
}
