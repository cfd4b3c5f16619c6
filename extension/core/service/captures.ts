/** Credentials a page showed once, saved by the capture content script, until the user makes a profile of them. */
import type { PageContext } from '../../capture/types';
import type { FieldErrors, ProfileInput } from '../profile-input';
import type { IdpProfile } from '../profiles';
import { maskValue } from '../redact';
import { type Capture, type Service, UserError } from './context';
import { saveProfile } from './profile-admin';
import { type ProfileView, profile, putProfiles } from './stored';

/** What the popup sees of a capture before it becomes a profile: the client id, the secret only masked (and its length). */
export type CaptureView = Omit<Capture, 'clientSecret'> & { maskedSecret: string; secretLength: number };

/** OAuth client ids and secrets are printable ASCII without spaces (RFC 6749 appendix A: VSCHAR). */
export const CREDENTIAL = /^[\x21-\x7e]{1,512}$/;
const SOURCE = /^[a-z0-9-]{1,40}$/;
const MAX_CAPTURES = 20;
const MAX_FIELD = 200;

/** A page's words: short, one line, no control characters. */
function words(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text && text.length <= MAX_FIELD && !/[\p{Cc}]/u.test(text) ? text : undefined;
}

/** An absolute http(s) URL without user name or password, or nothing. */
function webUrl(value: unknown): string | undefined {
  const text = words(value);
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** What the page said about the credentials, field by field: anything invalid is dropped, never stored. */
export function pageContext(value: unknown): PageContext | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  const context: PageContext = {
    ...(words(raw.portal) && { portal: words(raw.portal) }),
    ...(words(raw.appName) && { appName: words(raw.appName) }),
    ...(webUrl(raw.tokenUrl) && { tokenUrl: webUrl(raw.tokenUrl) }),
    ...(webUrl(raw.issuer) && { issuer: webUrl(raw.issuer) }),
    ...(words(raw.authStrategy) && { authStrategy: words(raw.authStrategy) }),
  };
  return Object.keys(context).length > 0 ? context : undefined;
}

/** From the capture content script (or picked by the user): page data, validated again here, kept in session only. */
export async function saveCapture(
  service: Service,
  origin: string,
  payload: { clientId?: unknown; clientSecret?: unknown; source?: unknown; context?: unknown },
): Promise<void> {
  const { clock, store } = service.env;
  const clientId = typeof payload.clientId === 'string' ? payload.clientId : '';
  const clientSecret = typeof payload.clientSecret === 'string' ? payload.clientSecret : '';
  if (!CREDENTIAL.test(clientId) || !CREDENTIAL.test(clientSecret)) throw new UserError('not client credentials');
  // The adapter that found them (`konnect-v3`, `wso2`, …), `picked` by the user, or `generic`.
  const source = typeof payload.source === 'string' && SOURCE.test(payload.source) ? payload.source : 'generic';
  const context = pageContext(payload.context);
  const capture: Capture = {
    id: `capture:${clock()}:${clientId}`,
    origin,
    clientId,
    clientSecret,
    source,
    at: clock(),
    ...(context && { context }),
  };
  const others = (await store.captures()).filter((c) => !(c.origin === origin && c.clientId === clientId));
  await store.saveCaptures([...others, capture].slice(-MAX_CAPTURES));
}

export async function listCaptures(service: Service): Promise<CaptureView[]> {
  return (await service.env.store.captures()).map(({ clientSecret, ...view }) => ({
    ...view,
    maskedSecret: maskValue(clientSecret),
    secretLength: clientSecret.length,
  }));
}

async function capture(service: Service, captureId: string): Promise<Capture> {
  const found = (await service.env.store.captures()).find((c) => c.id === captureId);
  if (!found) throw new UserError('that capture is gone (the browser session ended?)');
  return found;
}

async function dropCapture(service: Service, captureId: string): Promise<void> {
  await service.env.store.saveCaptures((await service.env.store.captures()).filter((c) => c.id !== captureId));
}

/** Turns a capture into a profile that gets its tokens where the linked IdP profile does. */
export async function linkCapture(service: Service, captureId: string, linkTo: string): Promise<IdpProfile> {
  const { store } = service.env;
  const found = await capture(service, captureId);
  const linked = await profile(service, linkTo);
  const captured: IdpProfile = {
    ...linked,
    id: `captured:${found.origin}:${found.clientId}`,
    // Named after the application when the page named it (issue 17 item 4), else after its client id.
    name: `${found.context?.appName ?? found.clientId} (from ${new URL(found.origin).host}, ${linked.name})`,
    clientId: found.clientId,
    source: { kind: 'captured', origin: found.origin, linkedTo: linked.id },
    registrationStyles: [],
  };
  // Linking the same capture again replaces the profile: what was kept for the old link (token, alarm, injection)
  // goes first, through the one rule every profile change follows.
  await putProfiles(service, [captured], () => true);
  await store.saveSecrets({ ...(await store.secrets()), [captured.id]: found.clientSecret });
  await dropCapture(service, captureId);
  return captured;
}

/**
 * "Create profile" from a capture: the profile the user confirmed (or edited) in the profile form, validated as any
 * typed-in profile; the secret moves from the capture into it (storage.session unless the user ticked remember) and
 * the capture goes. A secret typed into the form wins over the captured one.
 */
export async function profileFromCapture(
  service: Service,
  captureId: string,
  input: ProfileInput,
): Promise<{ profiles: ProfileView[] } | { errors: FieldErrors }> {
  const found = await capture(service, captureId);
  const { id: _new, ...fresh } = input;
  const result = await saveProfile(service, { ...fresh, clientSecret: fresh.clientSecret || found.clientSecret });
  if ('errors' in result) return result;
  await dropCapture(service, captureId);
  return result;
}
