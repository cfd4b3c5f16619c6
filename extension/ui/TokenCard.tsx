import { useEffect, useState } from 'preact/hooks';
import type { SignatureCheck } from '../core/signature';
import type { Token } from '../core/token-response';
import { send } from '../messaging/client';

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

function SignatureCheckButton({ profileId }: { profileId: string }) {
  const [check, setCheck] = useState<SignatureCheck | string | undefined>();
  const run = async () => {
    try {
      setCheck(await send('token:verify', { profileId }));
    } catch (e) {
      setCheck((e as Error).message);
    }
  };
  const bad = typeof check === 'string' || (check && check.status !== 'valid' && check.status !== 'retiring');
  return (
    <>
      <button type="button" class="secondary" data-testid="check-signature" onClick={run}>
        Check signature
      </button>
      {check !== undefined && (
        <p class={bad ? 'error' : 'muted'} role={bad ? 'alert' : 'status'} data-testid="signature-check">
          {typeof check === 'string' ? check : check.message}
        </p>
      )}
    </>
  );
}

export function TokenCard({ token, credentialClaim, profileId }: { token: Token; credentialClaim: string; profileId: string }) {
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
        {/* Keyed by the token: a check of the previous token does not stay next to a new one. */}
        {token.decoded && <SignatureCheckButton key={token.accessToken} profileId={profileId} />}
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
