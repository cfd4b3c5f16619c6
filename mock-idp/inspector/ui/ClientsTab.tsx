/**
 * Clients: every client each tenant knows (seeded, or registered through the vendor's API, the portal or the
 * bridge), with its grants and scopes; Rotate secret and Delete call `/_control/tenants/:tenant/clients/…`, which
 * goes through the tenant's own registry (control/clients.ts). A new secret is shown once, here.
 */
import { useEffect, useState } from 'preact/hooks';
import type { HarnessManifest } from '../../../shared/harness/manifest';
import type { TenantClients } from '../../control/clients';
import { call, NeedsToken, problem } from './api';
import { CopyButton, Status } from './parts';

interface Props {
  manifest: HarnessManifest | undefined;
  onNeedsToken: () => void;
  tokenVersion: number;
  visible: boolean;
}

export function ClientsTab(props: Props) {
  const [tenants, setTenants] = useState<TenantClients[]>([]);
  const [status, setStatus] = useState<{ message: string; error?: boolean } | null>(null);
  const [secret, setSecret] = useState<{ clientId: string; clientSecret: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const load = async () => {
    try {
      const res = await call<{ tenants: TenantClients[] }>('GET', '/_control/clients');
      if (res.status === 200) setTenants(res.json.tenants);
    } catch (error) {
      if (error instanceof NeedsToken) props.onNeedsToken();
    }
  };
  useEffect(() => {
    if (props.visible) void load();
  }, [props.visible, props.tokenVersion]);

  const act = async (what: () => Promise<void>) => {
    try {
      await what();
    } catch (error) {
      if (error instanceof NeedsToken) props.onNeedsToken();
      else setStatus({ message: String(error), error: true });
    }
    await load();
  };
  const rotate = (tenant: string, clientId: string) =>
    act(async () => {
      const res = await call(
        'POST',
        `/_control/tenants/${encodeURIComponent(tenant)}/clients/${encodeURIComponent(clientId)}/rotate-secret`,
      );
      if (res.status !== 200) return setStatus({ message: problem(res), error: true });
      setSecret({ clientId, clientSecret: res.json.clientSecret });
      setStatus({ message: `New secret for ${clientId}: the old one no longer works.` });
    });
  const remove = (tenant: string, clientId: string) =>
    act(async () => {
      setConfirming(null);
      const res = await call('DELETE', `/_control/tenants/${encodeURIComponent(tenant)}/clients/${encodeURIComponent(clientId)}`);
      setStatus(res.status === 204 ? { message: `Deleted ${clientId} from ${tenant}.` } : { message: problem(res), error: true });
    });

  return (
    <>
      <div class="toolbar">
        <button type="button" class="secondary" data-testid="clients-refresh" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <Status message={status?.message ?? null} error={status?.error ?? false} testid="clients-status" />
      {secret && (
        <p class="card notice" data-testid="new-secret">
          Client secret for <code>{secret.clientId}</code>: <code>{secret.clientSecret}</code>{' '}
          <CopyButton text={secret.clientSecret} label="Copy the new client secret" />
        </p>
      )}
      {tenants.map((t) => (
        <section key={t.tenant} aria-labelledby={`clients-${t.tenant}`} class="card">
          <h2 id={`clients-${t.tenant}`}>
            {t.tenant} <span class="badge">{t.vendor}</span>
          </h2>
          <div class="table-wrap">
            <table data-testid={`clients-${t.tenant}`}>
              <thead>
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col">Made by</th>
                  <th scope="col">Grants</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {t.clients.map((c) => {
                  const key = `${t.tenant} ${c.clientId}`;
                  return (
                    <tr key={c.clientId} data-testid="client-row" data-client={c.clientId}>
                      <td>
                        <code>{c.clientId}</code>
                        <br />
                        {c.name}
                      </td>
                      <td>{c.createdBy}</td>
                      <td>{c.grantTypes.join(', ')}</td>
                      <td>{c.scopes.join(' ') || '—'}</td>
                      <td class="actions">
                        <button
                          type="button"
                          class="secondary small"
                          aria-label={`Rotate secret of ${c.clientId}`}
                          onClick={() => void rotate(t.tenant, c.clientId)}
                        >
                          Rotate secret
                        </button>
                        {confirming === key ? (
                          <button
                            type="button"
                            class="danger small"
                            aria-label={`Confirm delete of ${c.clientId}`}
                            onClick={() => void remove(t.tenant, c.clientId)}
                          >
                            Confirm delete
                          </button>
                        ) : (
                          <button
                            type="button"
                            class="secondary small"
                            aria-label={`Delete ${c.clientId}`}
                            onClick={() => setConfirming(key)}
                          >
                            Delete
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
