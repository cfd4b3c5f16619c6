/** A profile's credentials used outside the popup's token card: one API console request, or a request to copy. */
import { type ApiAnswer, type ApiCall, apiAnswer, apiRequest, userHeaderSecrets } from '../api-console';
import { reasonPhrase } from '../http-status';
import { curlSnippet, fetchSnippet } from '../snippets';
import { tokenRequest } from '../token-request';
import { explainAuthFailure } from '../www-authenticate';
import { type Service, UserError } from './context';
import { knownSecrets } from './reporting';
import { allSecrets, profile } from './stored';

/** One request through the API console, with the chosen auth method. */
export async function callApi(service: Service, call: ApiCall): Promise<ApiAnswer> {
  const { env } = service;
  let credentials: { clientId?: string; clientSecret?: string; accessToken?: string } = {};
  if (call.auth === 'client_credentials' || call.auth === 'bearer') {
    const idp = await profile(service, call.profileId ?? '');
    credentials = {
      clientId: idp.clientId,
      clientSecret: (await allSecrets(service))[idp.id],
      accessToken: (await env.store.tokens())[idp.id]?.accessToken,
    };
  }
  let request: ReturnType<typeof apiRequest>;
  try {
    request = apiRequest(call, credentials);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  const started = env.clock();
  let response: Response;
  try {
    response = await env.fetch(request.url, request.init);
  } catch (error) {
    throw new UserError(`cannot reach ${new URL(request.url).origin}: ${(error as Error).message}`);
  }
  // fetch's `redirect: 'manual'` answers an opaque redirect (status 0, no Location readable): say so.
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new UserError(
      `${new URL(request.url).origin} answered with a redirect. dcr-kit does not follow it, so the credentials you chose go to this origin only: call the address it redirects to instead.`,
    );
  }
  const text = await response.text();
  const timeMs = env.clock() - started;
  // knownSecrets() covers this call's credentials too: the profile's secret, its Basic credential and its token; the
  // user's own secret-named headers (Authorization, X-API-Key…) are redacted from what an echo API sends back too.
  const answer = apiAnswer(response.status, response.headers, text, timeMs, [
    ...(await knownSecrets(service)),
    ...userHeaderSecrets(call),
  ]);
  const explanation = explainAuthFailure(response.status, response.headers.get('www-authenticate') ?? undefined, call.auth);
  return { ...answer, reason: reasonPhrase(response.status), ...(explanation && { explanation }) };
}

/** The exact token request as a curl or fetch snippet (with the secret: for the clipboard, on request). */
export async function snippet(service: Service, profileId: string, kind: 'curl' | 'fetch'): Promise<string> {
  const idp = await profile(service, profileId);
  const secret = (await allSecrets(service))[profileId];
  if (!secret) throw new UserError(`no client secret for "${idp.name}"`);
  const request = tokenRequest(idp, secret);
  return kind === 'curl' ? curlSnippet(request) : fetchSnippet(request);
}
