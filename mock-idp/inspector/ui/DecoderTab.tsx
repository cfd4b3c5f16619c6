/**
 * Token decoder: paste a JWT, see its header and claims, which tenant's published key verifies it, and why each
 * other tenant's does not (`POST /_control/tokens/decode`, control/tokens.ts; time claims read on the harness clock).
 */
import { useState } from 'preact/hooks';
import type { DecodedToken } from '../../control/tokens';
import { call, NeedsToken, problem } from './api';
import { Json, Status } from './parts';

export function DecoderTab(props: { onNeedsToken: () => void }) {
  const [token, setToken] = useState('');
  const [result, setResult] = useState<DecodedToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const decode = async () => {
    setError(null);
    try {
      const res = await call<DecodedToken>('POST', '/_control/tokens/decode', { token });
      if (res.status !== 200) {
        setResult(null);
        return setError(problem(res));
      }
      setResult(res.json);
    } catch (e) {
      if (e instanceof NeedsToken) props.onNeedsToken();
    }
  };
  return (
    <>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void decode();
        }}
      >
        <label for="decode-token">JWT (an access or ID token; "Bearer " is ignored)</label>
        <textarea
          id="decode-token"
          data-testid="decode-input"
          rows={5}
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <button type="submit" data-testid="decode-submit">
          Decode and verify
        </button>
      </form>
      <Status message={error} error testid="decode-error" />
      {result && (
        <section class="card" aria-labelledby="decoded-heading" data-testid="decode-result">
          <h2 id="decoded-heading">
            {result.verifiedBy
              ? `Verified by ${result.verifiedBy}`
              : result.problem
                ? 'Not a token the harness can check'
                : 'No tenant verifies it'}
          </h2>
          <p data-testid="decode-verdict">{result.problem ?? result.timing ?? ''}</p>
          <ul data-testid="decode-verdicts">
            {result.verdicts.map((v) => (
              <li key={v.tenant} class={v.verified ? 'ok' : ''}>
                <strong>{v.tenant}</strong> ({v.vendor}): {v.reason}
              </li>
            ))}
          </ul>
          {result.header && (
            <>
              <h3>Header</h3>
              <Json value={result.header} testid="decoded-header" />
            </>
          )}
          {result.claims && (
            <>
              <h3>Claims</h3>
              <Json value={result.claims} testid="decoded-claims" />
            </>
          )}
        </section>
      )}
    </>
  );
}
