import { useState } from 'preact/hooks';
import type { SignatureCheck } from '../../core/signature';
import type { Token } from '../../core/token-response';
import { send } from '../../messaging/client';
import { CopyButton } from '../parts/CopyButton';
import { timeLeft, when } from '../parts/time';

/** Registered claims that are times (RFC 7519 §4.1.4–4.1.6: seconds since the epoch). */
const TIME_CLAIMS = ['iat', 'nbf', 'exp'] as const;

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

export function TokenCard({
  token,
  now,
  stale,
  profileName,
  credentialClaim,
  profileId,
}: {
  token: Token;
  now: number;
  /** A request after this token failed: it is shown as the last one obtained, not as current. */
  stale: boolean;
  profileName: string;
  credentialClaim: string;
  profileId: string;
}) {
  const claims = token.decoded?.payload;
  const credential = claims?.[credentialClaim];
  const times = TIME_CLAIMS.flatMap((name) =>
    typeof claims?.[name] === 'number' ? [[name, claims[name] as number] as const] : [],
  );

  return (
    <section class={stale ? 'token stale' : 'token'} data-testid="token-card" aria-label={`Access token of ${profileName}`}>
      {stale && (
        <p class="error small" data-testid="token-stale">
          Obtained before the last request failed: it may no longer be accepted.
        </p>
      )}
      <p>
        <strong>{token.tokenType}</strong> token · expires {when(token.expiresAt, now)} ·{' '}
        <span data-testid="token-expiry">{timeLeft(token.expiresAt, now)}</span>
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
        <CopyButton label="Copy token" value={token.accessToken} testId="copy-token" />
        <CopyButton
          label="Copy Authorization header"
          value={`Authorization: Bearer ${token.accessToken}`}
          testId="copy-authorization"
        />
        {/* Keyed by the token: a check of the previous token does not stay next to a new one. */}
        {token.decoded && <SignatureCheckButton key={token.accessToken} profileId={profileId} />}
      </div>
      {token.decoded ? (
        <details data-testid="token-claims-details">
          <summary>Header and claims</summary>
          {times.length > 0 && (
            <dl class="small times" data-testid="token-times">
              {times.map(([name, seconds]) => (
                <div key={name}>
                  <dt>
                    <code>{name}</code>
                  </dt>
                  <dd>{when(seconds * 1000, now)}</dd>
                </div>
              ))}
            </dl>
          )}
          <pre data-testid="token-header">{JSON.stringify(token.decoded.header, null, 2)}</pre>
          <pre data-testid="token-claims">{JSON.stringify(token.decoded.payload, null, 2)}</pre>
        </details>
      ) : (
        <p class="muted">Opaque token (not a JWT): introspect it at the IdP.</p>
      )}
      <details>
        <summary>Raw access token</summary>
        <pre data-testid="access-token">{token.accessToken}</pre>
      </details>
    </section>
  );
}
