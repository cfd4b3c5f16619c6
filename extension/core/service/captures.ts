/** Credentials a page showed once, saved by the capture content script, until the user links them to an IdP profile. */
import type { IdpProfile } from '../profiles';
import { maskValue } from '../redact';
import { type Capture, type Service, UserError } from './context';
import { profile, putProfiles } from './stored';

/** What the popup sees of a capture before it becomes a profile: the client id, the secret only masked (and its length). */
export type CaptureView = Omit<Capture, 'clientSecret'> & { maskedSecret: string };

const CREDENTIAL = /^[\x21-\x7e]{1,512}$/;
const MAX_CAPTURES = 20;

/** From the capture content script: page data, validated again here (size, characters), kept in session only. */
export async function saveCapture(
  service: Service,
  origin: string,
  payload: { clientId?: unknown; clientSecret?: unknown; source?: unknown },
): Promise<void> {
  const { clock, store } = service.env;
  const clientId = typeof payload.clientId === 'string' ? payload.clientId : '';
  const clientSecret = typeof payload.clientSecret === 'string' ? payload.clientSecret : '';
  if (!CREDENTIAL.test(clientId) || !CREDENTIAL.test(clientSecret)) throw new UserError('not client credentials');
  const source = payload.source === 'konnect-modal' ? 'konnect-modal' : 'generic';
  const capture: Capture = { id: `capture:${clock()}:${clientId}`, origin, clientId, clientSecret, source, at: clock() };
  const others = (await store.captures()).filter((c) => !(c.origin === origin && c.clientId === clientId));
  await store.saveCaptures([...others, capture].slice(-MAX_CAPTURES));
}

export async function listCaptures(service: Service): Promise<CaptureView[]> {
  return (await service.env.store.captures()).map(({ clientSecret, ...view }) => ({
    ...view,
    maskedSecret: maskValue(clientSecret),
  }));
}

/** Turns a capture into a profile that gets its tokens where the linked IdP profile does. */
export async function linkCapture(service: Service, captureId: string, linkTo: string): Promise<IdpProfile> {
  const { store } = service.env;
  const captures = await store.captures();
  const capture = captures.find((c) => c.id === captureId);
  if (!capture) throw new UserError('that capture is gone (the browser session ended?)');
  const linked = await profile(service, linkTo);
  const captured: IdpProfile = {
    ...linked,
    id: `captured:${capture.origin}:${capture.clientId}`,
    name: `${capture.clientId} (from ${new URL(capture.origin).host}, ${linked.name})`,
    clientId: capture.clientId,
    source: { kind: 'captured', origin: capture.origin, linkedTo: linked.id },
    registrationStyles: [],
  };
  // Linking the same capture again replaces the profile: what was kept for the old link (token, alarm, injection)
  // goes first, through the one rule every profile change follows.
  await putProfiles(service, [captured], () => true);
  await store.saveSecrets({ ...(await store.secrets()), [captured.id]: capture.clientSecret });
  await store.saveCaptures(captures.filter((c) => c.id !== captureId));
  return captured;
}
