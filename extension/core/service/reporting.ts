/** What leaves the background about a failure (a reply to a page, a log line), with every secret it holds redacted. */
import { redactError, redactText, secretValuesIn } from '../redact';
import { basicAuthorization } from '../token-request';
import { type Service, UserError } from './context';
import { allSecrets } from './stored';

/**
 * Every secret value the extension holds: client secrets (session and remembered), tokens, registration admin
 * credentials, what registration APIs returned (registration access tokens), captured secrets, and the Basic
 * credentials built from them. The redaction helper replaces them wherever they appear.
 */
export async function knownSecrets(service: Service): Promise<string[]> {
  const { store } = service.env;
  const [profiles, secrets, tokens, registrations, registered, captures] = await Promise.all([
    store.profiles(),
    allSecrets(service),
    store.tokens(),
    store.registrations(),
    store.registered(),
    store.captures(),
  ]);
  const basic = profiles.flatMap((p) =>
    secrets[p.id] ? [basicAuthorization(p.clientId, secrets[p.id] as string).slice(6)] : [],
  );
  return [
    ...Object.values(secrets),
    ...Object.values(tokens).map((t) => t.accessToken),
    ...secretValuesIn(registrations),
    ...secretValuesIn(registered),
    ...captures.map((c) => c.clientSecret),
    ...basic,
  ];
}

/** What an extension page is told of a failure: a user error's words, redacted; nothing of anything else. */
export async function errorMessage(service: Service, error: unknown): Promise<string> {
  if (!(error instanceof UserError)) {
    await report(service, 'a background operation', error);
    return 'unexpected error in the background';
  }
  return redactError(error, await knownSecrets(service).catch(() => []));
}

/** The one logging path: a warning with the failure's message, redacted (never a body, a request or a stack). */
export async function report(service: Service, what: string, error: unknown): Promise<void> {
  const known = await knownSecrets(service).catch(() => []);
  console.warn(`dcr-kit: ${redactText(what, known)} failed:`, redactError(error, known));
}
