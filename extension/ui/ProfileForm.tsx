import { useState } from 'preact/hooks';
import { type ClientAuthMethod, type VendorId, vendorIds, vendors } from '../../shared/vendors';
import type { FieldErrors, ProfileInput } from '../core/profile-input';
import type { ProfileView } from '../core/service';
import { send } from '../messaging/client';
import { useUiEnvironment } from './environment';

const empty: ProfileInput = {
  name: '',
  vendor: 'okta',
  endpointId: 'default',
  baseUrl: '',
  authServerId: 'default',
  tenantId: '',
  target: '',
  clientId: '',
  clientAuth: 'client_secret_basic',
  clientSecret: '',
  rememberSecret: false,
};

/** Add (or edit) an IdP profile: the vendor decides which fields are asked for. */
export function ProfileForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial?: ProfileView;
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
      : empty,
  );
  const { requestOrigin } = useUiEnvironment();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<string | undefined>();
  const vendor = vendors[input.vendor as VendorId] ?? vendors.okta;
  const endpoint = vendor.tokenEndpoints.find((e) => e.id === input.endpointId) ?? vendor.tokenEndpoints[0];
  const needs = (name: string) => `${endpoint.pathTemplate}${endpoint.issuerTemplate}`.includes(`{${name}}`);
  const set = (patch: Partial<ProfileInput>) => setInput((current) => ({ ...current, ...patch }));
  const field = (name: keyof ProfileInput) => ({
    id: `profile-${name}`,
    'data-testid': `profile-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `profile-${name}-error` : undefined,
  });
  const error = (name: keyof ProfileInput) =>
    errors[name] && (
      <p class="error small" id={`profile-${name}-error`}>
        {errors[name]}
      </p>
    );

  const chooseVendor = (id: VendorId) => {
    const first = vendors[id].tokenEndpoints[0];
    set({ vendor: id, endpointId: first.id, clientAuth: first.defaultClientAuth });
  };

  const discover = async () => {
    setStatus(undefined);
    try {
      if (!(await requestOrigin(input.baseUrl))) return setStatus('Permission to reach this origin was not granted.');
      const doc = await send('discovery:get', { url: input.baseUrl });
      setStatus(
        `Issuer ${doc.issuer} · token endpoint ${doc.tokenEndpoint}${doc.authMethods.length ? ` · ${doc.authMethods.join(', ')}` : ''}`,
      );
    } catch (e) {
      setStatus((e as Error).message);
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setStatus(undefined);
    try {
      // The origin is asked for now, in the click: a background request later could not show the prompt.
      if (
        input.baseUrl &&
        !(await requestOrigin(input.baseUrl.startsWith('http') ? input.baseUrl : `https://${input.baseUrl}`))
      ) {
        return setStatus('Permission to reach this origin was not granted.');
      }
    } catch {
      // An unparsable URL: the validation below names the field.
    }
    const reply = await send('profile:save', input);
    if (reply.errors) return setErrors(reply.errors);
    setErrors({});
    if (reply.profiles) onSaved(reply.profiles);
  };

  return (
    <form
      class="card"
      onSubmit={submit}
      aria-label={initial ? `Edit ${initial.name}` : 'Add an IdP profile'}
      data-testid="profile-form"
    >
      <h2>{initial ? `Edit ${initial.name}` : 'Add an IdP profile'}</h2>
      <label for="profile-name">Name</label>
      <input {...field('name')} value={input.name} onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} />
      {error('name')}
      <label for="profile-vendor">Vendor</label>
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
          <label for="profile-endpointId">Token endpoint</label>
          <select
            {...field('endpointId')}
            value={endpoint.id}
            onChange={(e) => set({ endpointId: (e.target as HTMLSelectElement).value })}
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
      <label for="profile-baseUrl">Domain</label>
      <div class="row">
        <input
          {...field('baseUrl')}
          placeholder="https://acme.okta.com"
          value={input.baseUrl}
          onInput={(e) => set({ baseUrl: (e.target as HTMLInputElement).value })}
        />
        <button type="button" class="secondary" data-testid="profile-discover" onClick={discover}>
          Discover
        </button>
      </div>
      {error('baseUrl')}
      {needs('authServerId') && (
        <>
          <label for="profile-authServerId">Authorization server id</label>
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
          <label for="profile-tenantId">Tenant id or domain</label>
          <input
            {...field('tenantId')}
            value={input.tenantId}
            onInput={(e) => set({ tenantId: (e.target as HTMLInputElement).value })}
          />
          {error('tenantId')}
        </>
      )}
      <label for="profile-target">
        {endpoint.target.param === 'audience'
          ? 'Audience (API identifier)'
          : endpoint.target.param === 'resource' || endpoint.target.format === 'dot-default'
            ? 'Resource (App ID URI or appId)'
            : 'Scopes'}
      </label>
      <input {...field('target')} value={input.target} onInput={(e) => set({ target: (e.target as HTMLInputElement).value })} />
      {error('target')}
      <label for="profile-clientId">Client id</label>
      <input
        {...field('clientId')}
        value={input.clientId}
        onInput={(e) => set({ clientId: (e.target as HTMLInputElement).value })}
      />
      {error('clientId')}
      <label for="profile-clientSecret">Client secret {initial && <span class="muted">(leave empty to keep)</span>}</label>
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
      <label for="profile-clientAuth">Client authentication</label>
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
        <button type="submit" data-testid="profile-save">
          Save
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
