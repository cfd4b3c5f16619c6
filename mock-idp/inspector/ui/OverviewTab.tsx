/**
 * Overview: every tenant with its vendor, issuer, token endpoint, discovery and JWKS links, and its demo client with
 * a copyable curl (snippets.ts); the portal, the gateway's APIs and the DCR bridge. Everything comes from
 * `/harness.json`: without the control token on a protected harness, secrets are withheld there and so here.
 */
import type { HarnessManifest } from '../../../shared/harness/manifest';
import { CopyButton } from './parts';
import { curlSnippet } from './snippets';

export function OverviewTab(props: { manifest: HarnessManifest | undefined }) {
  const m = props.manifest;
  if (!m) return <p>Loading the manifest…</p>;
  return (
    <>
      {m.secretsWithheld && <p class="card notice">Secrets are withheld: this harness wants its control token for them.</p>}
      <h2>Tenants</h2>
      <div class="grid">
        {m.tenants.map((t) => {
          const curl = curlSnippet(t);
          return (
            <section class="card" key={t.id} aria-labelledby={`tenant-${t.id}`} data-testid={`tenant-${t.id}`}>
              <h3 id={`tenant-${t.id}`}>
                {t.id} <span class="badge">{t.vendor}</span>
              </h3>
              <dl>
                <dt>Issuer</dt>
                <dd>
                  <code>{t.issuer}</code>
                </dd>
                <dt>Token endpoint</dt>
                <dd>
                  <code>{t.tokenEndpoint}</code>
                </dd>
                <dt>Documents</dt>
                <dd>
                  <a href={t.discoveryUrl}>discovery</a> · <a href={t.jwksUri}>JWKS</a>
                </dd>
                <dt>Demo client</dt>
                <dd>
                  <code>{t.demoClient.clientId}</code>
                </dd>
                {t.demoClient.clientSecret && (
                  <>
                    <dt>Its secret</dt>
                    <dd>
                      <code>{t.demoClient.clientSecret}</code>
                    </dd>
                  </>
                )}
              </dl>
              {t.demoClient.clientSecret && (
                <div class="snippet">
                  <pre data-testid={`curl-${t.id}`}>{curl}</pre>
                  <CopyButton text={curl} label={`Copy the curl for a ${t.id} token`} />
                </div>
              )}
            </section>
          );
        })}
      </div>
      <h2>Konnect's side</h2>
      <div class="grid">
        <section class="card" aria-labelledby="portal-heading">
          <h3 id="portal-heading">Developer portal</h3>
          <p>
            <a href={m.portal.url}>{m.portal.url}</a>
          </p>
          <p>
            Developer <code>{m.portal.developer.username}</code>
            {m.portal.developer.password && (
              <>
                {' '}
                / <code>{m.portal.developer.password}</code>
              </>
            )}
          </p>
        </section>
        <section class="card" aria-labelledby="gateway-heading">
          <h3 id="gateway-heading">Gateway</h3>
          <ul>
            {m.gateway.apis.map((a) => (
              <li key={a.id}>
                <a href={a.url}>{a.url}</a> ({a.authStrategy})
              </li>
            ))}
          </ul>
        </section>
        {m.dcrBridge && (
          <section class="card" aria-labelledby="bridge-heading">
            <h3 id="bridge-heading">DCR bridge</h3>
            <p>
              <code>{m.dcrBridge.endpoint}</code> backed by <code>{m.dcrBridge.tenant}</code>
            </p>
            {m.dcrBridge.apiKey && (
              <p>
                X-API-KEY <code>{m.dcrBridge.apiKey}</code>
              </p>
            )}
          </section>
        )}
      </div>
    </>
  );
}
