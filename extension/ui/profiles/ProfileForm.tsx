import { useId, useState } from 'preact/hooks';
import { type ClientAuthMethod, expandTemplate, type VendorId, vendorIds, vendors } from '../../../shared/vendors';
import { emptyProfileInput as empty, endpointNeeds, type FieldErrors, type ProfileInput } from '../../core/profile-input';
import type { ProfileView } from '../../core/service';
import { send } from '../../messaging/client';
import { useUiEnvironment } from '../environment';

/**
 * Add (or edit) an IdP profile: the vendor decides which fields are asked for. A capture's "Create profile" gives a
 * proposal (`seed`), its own `save` (the secret comes from the capture) and says where the secret is (`secretHint`).
 */
export function ProfileForm({
  initial,
  seed,
  save = (input) => send('profile:save', input),
  secretHint,
  title,
  onSaved,
  onCancel,
}: {
  initial?: ProfileView;
  seed?: ProfileInput;
  save?: (input: ProfileInput) => Promise<{ profiles?: ProfileView[]; errors?: FieldErrors }>;
  secretHint?: string;
  title?: string;
  onSaved: (profiles: ProfileView[]) => void;
  onCancel?: () => void;
}) {
  const [input, setInput] = useState<ProfileInput>(
    initial
      ? {
          ...empty,
          ...initial,
          authServerId: initial.authServerId ?? '',
          tenantId: initial.tenantId ?? '',
          clientSecret: '',
          rememberSecret: false,
        }
      : (seed ?? empty),
  );
  const { requestOrigin } = useUiEnvironment();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<string | undefined>();
  const vendor = vendors[input.vendor as VendorId] ?? vendors.okta;
  const endpoint = vendor.tokenEndpoints.find((e) => e.id === input.endpointId) ?? vendor.tokenEndpoints[0];
  const needs = (name: 'authServerId' | 'tenantId') => endpointNeeds(endpoint, name);
  const uid = useId();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ProfileInput>) => setInput((current) => ({ ...current, ...patch }));
  // Ids are unique per form: an Add form and an Edit form can be open together.
  const idOf = (name: keyof ProfileInput) => `${uid}-${name}`;
  const field = (name: keyof ProfileInput) => ({
    id: idOf(name),
    'data-testid': `profile-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${idOf(name)}-error` : undefined,
  });
  const error = (name: keyof ProfileInput) =>
    errors[name] && (
      <p class="error small" id={`${idOf(name)}-error`} data-testid={`profile-${name}-error`}>
        {errors[name]}
      </p>
    );
  const withScheme = (url: string) => (/^https?:\/\//.test(url.trim()) ? url.trim() : `https://${url.trim()}`);

  const chooseVendor = (id: VendorId) => {
    const first = vendors[id].tokenEndpoints[0];
    set({ vendor: id, endpointId: first.id, clientAuth: first.defaultClientAuth });
  };

  // The client authentication chosen stays when the new endpoint accepts it; otherwise that endpoint's default.
  const chooseEndpoint = (endpointId: string) => {
    const next = vendor.tokenEndpoints.find((e) => e.id === endpointId);
    if (!next) return;
    const offered: readonly string[] = next.clientAuthMethods;
    set({ endpointId, clientAuth: offered.includes(input.clientAuth) ? input.clientAuth : next.defaultClientAuth });
  };

  const discover = async () => {
    setStatus(undefined);
    let url: string;
    try {
      url = expandTemplate(`{baseUrl}${endpoint.discoveryPathTemplate}`, {
        baseUrl: withScheme(input.baseUrl).replace(/\/+$/, ''),
        authServerId: input.authServerId || undefined,
        tenantId: input.tenantId || undefined,
      });
      new URL(url);
    } catch {
      return setStatus('Fill in the domain (and the authorization server or tenant) first.');
    }
    const permitted = requestOrigin(url);
    setBusy(true);
    try {
      if (!(await permitted)) return setStatus('Permission to reach this origin was not granted.');
      const doc = await send('discovery:get', { url });
      setStatus(
        `Issuer ${doc.issuer} · token endpoint ${doc.tokenEndpoint}${doc.authMethods.length ? ` · ${doc.authMethods.join(', ')}` : ''}`,
      );
    } catch (e) {
      setStatus((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setStatus(undefined);
    let permitted: Promise<boolean> = Promise.resolve(true);
    try {
      // Asked for now, inside the click: a request after an await (or from the background) cannot prompt.
      if (input.baseUrl.trim()) permitted = requestOrigin(withScheme(input.baseUrl));
    } catch {
      // Not a URL: the validation names the field.
    }
    setBusy(true);
    try {
      if (!(await permitted)) return setStatus('Permission to reach this origin was not granted.');
      const reply = await save({ ...input, ...(initial && { id: initial.id }) });
      if (reply.errors) {
        setErrors(reply.errors);
        const first = Object.keys(reply.errors)[0] as keyof ProfileInput | undefined;
        if (first) document.getElementById(idOf(first))?.focus();
        return;
      }
      setErrors({});
      if (reply.profiles) onSaved(reply.profiles);
    } catch (e) {
      setStatus((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="card"
      onSubmit={submit}
      aria-label={title ?? (initial ? `Edit ${initial.name}` : 'Add an IdP profile')}
      data-testid="profile-form"
    >
      <h2>{title ?? (initial ? `Edit ${initial.name}` : 'Add an IdP profile')}</h2>
      <label for={idOf('name')}>Name</label>
      <input {...field('name')} value={input.name} onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} />
      {error('name')}
      <label for={idOf('vendor')}>Vendor</label>
      <select
        {...field('vendor')}
        value={input.vendor}
        onChange={(e) => chooseVendor((e.target as HTMLSelectElement).value as VendorId)}
      >
        {vendorIds.map((id) => (
          <option key={id} value={id}>
            {vendors[id].displayName}
          </option>
        ))}
      </select>
      {vendor.tokenEndpoints.length > 1 && (
        <>
          <label for={idOf('endpointId')}>Token endpoint</label>
          <select
            {...field('endpointId')}
            value={endpoint.id}
            onChange={(e) => chooseEndpoint((e.target as HTMLSelectElement).value)}
          >
            {vendor.tokenEndpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label}
              </option>
            ))}
          </select>
        </>
      )}
      {endpoint.notes?.map((note) => (
        <p class="muted small" key={note}>
          {note}
        </p>
      ))}
      <label for={idOf('baseUrl')}>Domain</label>
      <div class="row">
        <input
          {...field('baseUrl')}
          placeholder="https://acme.okta.com"
          value={input.baseUrl}
          onInput={(e) => set({ baseUrl: (e.target as HTMLInputElement).value })}
        />
        <button type="button" class="secondary" data-testid="profile-discover" onClick={discover} disabled={busy}>
          Discover
        </button>
      </div>
      {error('baseUrl')}
      {needs('authServerId') && (
        <>
          <label for={idOf('authServerId')}>Authorization server id</label>
          <input
            {...field('authServerId')}
            value={input.authServerId}
            onInput={(e) => set({ authServerId: (e.target as HTMLInputElement).value })}
          />
          {error('authServerId')}
        </>
      )}
      {needs('tenantId') && (
        <>
          <label for={idOf('tenantId')}>Tenant id or domain</label>
          <input
            {...field('tenantId')}
            value={input.tenantId}
            onInput={(e) => set({ tenantId: (e.target as HTMLInputElement).value })}
          />
          {error('tenantId')}
        </>
      )}
      <label for={idOf('target')}>
        {endpoint.target.param === 'audience'
          ? 'Audience (API identifier)'
          : endpoint.target.param === 'resource' || endpoint.target.format === 'dot-default'
            ? 'Resource (App ID URI or appId)'
            : 'Scopes'}
      </label>
      <input {...field('target')} value={input.target} onInput={(e) => set({ target: (e.target as HTMLInputElement).value })} />
      {error('target')}
      <label for={idOf('clientId')}>Client id</label>
      <input
        {...field('clientId')}
        value={input.clientId}
        onInput={(e) => set({ clientId: (e.target as HTMLInputElement).value })}
      />
      {error('clientId')}
      <label for={idOf('clientSecret')}>
        Client secret {(initial || secretHint) && <span class="muted">({secretHint ?? 'leave empty to keep'})</span>}
      </label>
      <input
        {...field('clientSecret')}
        type="password"
        autocomplete="off"
        value={input.clientSecret}
        onInput={(e) => set({ clientSecret: (e.target as HTMLInputElement).value })}
      />
      <label class="inline">
        <input
          type="checkbox"
          data-testid="profile-rememberSecret"
          checked={input.rememberSecret}
          onChange={(e) => set({ rememberSecret: (e.target as HTMLInputElement).checked })}
        />{' '}
        Remember the secret after the browser closes (stored unencrypted in the extension's local storage)
      </label>
      <label for={idOf('clientAuth')}>Client authentication</label>
      <select
        {...field('clientAuth')}
        value={input.clientAuth}
        onChange={(e) => set({ clientAuth: (e.target as HTMLSelectElement).value as ClientAuthMethod })}
      >
        {endpoint.clientAuthMethods
          .filter((m) => m !== 'private_key_jwt')
          .map((m) => (
            <option key={m} value={m}>
              {m === 'client_secret_basic' ? 'HTTP Basic (client_secret_basic)' : 'In the body (client_secret_post)'}
            </option>
          ))}
      </select>
      {error('clientAuth')}
      {status && (
        <p class="muted small" role="status" data-testid="profile-status">
          {status}
        </p>
      )}
      <div class="row">
        <button type="submit" data-testid="profile-save" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        {onCancel && (
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
