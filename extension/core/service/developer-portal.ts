/** Applications in a Konnect developer portal, made with the developer's portal session (the browser's cookies). */
import {
  createApplication,
  deleteApplication,
  listStrategies,
  PortalError,
  type PortalStrategy,
  type PortalVersion,
  regenerateSecret,
} from '../portal';
import type { IdpProfile } from '../profiles';
import { type Service, UserError, userFacing } from './context';
import { dropToken, forget, profile, putProfiles } from './stored';

/** A portal's refusals are the user's to read (its own problem+json words), not internal errors. */
const portal = <T>(operation: Promise<T>) => userFacing(operation, PortalError, 'the portal');

/**
 * Recognises a Konnect portal: `GET /api/v3/portal` (the v3 Dev Portal's fingerprint), then `/api/v2/portal`
 * (vendors.md §5.4 and extension research §2.3).
 */
export async function probePortal(
  service: Service,
  origin: string,
): Promise<{ kind: 'konnect-v3' | 'konnect-v2' | 'unknown'; name?: string }> {
  let base: string;
  try {
    base = new URL(origin).origin;
  } catch {
    throw new UserError('origin: enter the portal origin');
  }
  for (const [version, kind] of [
    ['v3', 'konnect-v3'],
    ['v2', 'konnect-v2'],
  ] as const) {
    try {
      const response = await service.env.fetch(`${base}/api/${version}/portal`, { headers: { accept: 'application/json' } });
      if (!response.ok) continue;
      const body = (await response.json()) as Record<string, unknown>;
      if (typeof body.portal_id === 'string' && typeof body.org_id === 'string') {
        return { kind, ...(typeof body.name === 'string' && { name: body.name }) };
      }
    } catch {
      // Not reachable or not JSON: not this version.
    }
  }
  return { kind: 'unknown' };
}

export async function portalStrategies(service: Service, portalUrl: string, version: PortalVersion): Promise<PortalStrategy[]> {
  return portal(listStrategies(service.env.fetch, portalUrl, version));
}

/**
 * Creates an application in a portal with the developer's portal session; the secret comes straight back into the
 * extension, as a new profile linked to the IdP profile whose tokens the application's strategy accepts.
 */
export async function registerThroughPortal(
  service: Service,
  input: { portalUrl: string; version: PortalVersion; strategyId: string; name: string; linkTo: string },
): Promise<{ profile: IdpProfile; clientSecret: string }> {
  const { store } = service.env;
  const linked = await profile(service, input.linkTo);
  if (!input.name.trim()) throw new UserError('give the application a name');
  try {
    new URL(input.portalUrl);
  } catch {
    throw new UserError('portal URL: enter the portal origin, e.g. https://portal.example.com');
  }
  const app = await portal(
    createApplication(service.env.fetch, input.portalUrl, input.version, {
      name: input.name.trim(),
      strategyId: input.strategyId,
    }),
  );
  const created: IdpProfile = {
    ...linked,
    id: `portal:${new URL(input.portalUrl).host}:${app.id}`,
    name: `${app.name} (portal, ${linked.name})`,
    clientId: app.clientId,
    source: {
      kind: 'portal',
      portalUrl: new URL(input.portalUrl).origin,
      version: input.version,
      applicationId: app.id,
      linkedTo: linked.id,
    },
    registrationStyles: [],
  };
  await putProfiles(service, [created], () => true);
  await store.saveSecrets({ ...(await store.secrets()), [created.id]: app.clientSecret });
  return { profile: created, clientSecret: app.clientSecret };
}

export async function portalRegenerate(service: Service, profileId: string): Promise<{ clientSecret: string }> {
  const { portalUrl, version, applicationId } = await portalSource(service, profileId);
  const clientSecret = await portal(regenerateSecret(service.env.fetch, portalUrl, version, applicationId));
  await service.env.store.saveSecrets({ ...(await service.env.store.secrets()), [profileId]: clientSecret });
  await dropToken(service, profileId, await service.env.store.tokens());
  return { clientSecret };
}

export async function portalDelete(service: Service, profileId: string): Promise<void> {
  const { portalUrl, version, applicationId } = await portalSource(service, profileId);
  await portal(deleteApplication(service.env.fetch, portalUrl, version, applicationId));
  await forget(service, profileId);
}

/** Where a profile created through a portal lives there. */
async function portalSource(service: Service, profileId: string): Promise<Extract<IdpProfile['source'], { kind: 'portal' }>> {
  const created = await profile(service, profileId);
  if (created.source.kind !== 'portal') throw new UserError(`"${created.name}" was not created through a portal`);
  return created.source;
}
