import { useEffect, useId, useState } from 'preact/hooks';
import type { ApiAnswer } from '../core/api-console';
import { initialConsoleUrl, profileForUrl } from '../core/console-defaults';
import type { InjectionScope } from '../core/injection-rules';
import type { ProfileView } from '../core/service';
import { send } from '../messaging/client';
import { useChoice } from './choice';
import { Cookies, type Jar } from './console/Cookies';
import { Injection } from './console/Injection';
import { fieldIds, hasBody, type RequestDraft, RequestForm } from './console/RequestForm';
import { ResponseView } from './console/ResponseView';
import { useUiEnvironment } from './environment';
import './console/console.css';

/** What App knows of what the user connected to (harness.json's `gateway.url`); all optional. */
export interface ConsoleDefaults {
  gatewayUrl?: string;
}

/**
 * Call an API (the Konnect gateway) with each auth method, with the user's headers and body; read the answer (a
 * 401/403 explained); see the session cookie it sets; inject the header.
 */
export function ApiConsole({ profiles, defaults }: { profiles: ProfileView[]; defaults?: ConsoleDefaults }) {
  const uid = useId();
  const { requestOrigin } = useUiEnvironment();
  const [draft, setDraft] = useState<RequestDraft>(() => ({
    url: initialConsoleUrl(defaults),
    method: 'GET',
    auth: 'client_credentials',
    headers: [],
    contentType: 'application/json',
    body: '',
  }));
  const [urlEdited, setUrlEdited] = useState(false);
  const change = (patch: Partial<RequestDraft>) => {
    if (patch.url !== undefined) setUrlEdited(true);
    setDraft((d) => ({ ...d, ...patch }));
  };
  // harness.json may arrive after the console opened: its gateway address replaces the fallback until the user types.
  const gatewayUrl = defaults?.gatewayUrl;
  useEffect(() => {
    if (!urlEdited) setDraft((d) => ({ ...d, url: initialConsoleUrl({ gatewayUrl }) }));
  }, [gatewayUrl, urlEdited]);

  // The profile: the user's pick once made; until then the one the URL names (console-defaults.ts), else the first.
  const [chosen, choose] = useChoice(profiles.map((p) => p.id));
  const [picked, setPicked] = useState(false);
  const matched = picked ? undefined : profileForUrl(draft.url, profiles);
  const profileId = matched ?? chosen;
  const pickProfile = (id: string) => {
    setPicked(true);
    choose(id);
  };
  const profileHint = matched ? `Chosen because the URL names ${profiles.find((p) => p.id === matched)?.vendor}.` : undefined;

  const [answer, setAnswer] = useState<ApiAnswer | undefined>();
  const [jar, setJar] = useState<Jar>({ url: '', cookies: [] });
  const [injections, setInjections] = useState<Record<string, InjectionScope>>({});
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  /** Requests finished (answered or refused): `data-sent` lets a test wait for this Send's outcome, not the last one's. */
  const [sent, setSent] = useState(0);

  useEffect(() => {
    send('inject:list', {}).then(
      (r) => setInjections(r.injections),
      () => undefined,
    );
  }, []);

  /** Focus the field an error names (`url: …`, `headers: …`, `body: …`), as the other forms do. */
  const focusField = (message: string) => {
    const field = /^(url|headers|body): /.exec(message)?.[1] as 'url' | 'headers' | 'body' | undefined;
    if (!field) return;
    const ids = fieldIds(uid);
    const id = field === 'body' && /content type/.test(message) ? ids.contentType : ids[field];
    requestAnimationFrame(() => document.getElementById(id)?.focus());
  };

  const guarded = async (action: () => Promise<void>, target: string, also?: string) => {
    let permitted: Promise<boolean>;
    try {
      permitted = requestOrigin(target, ...(also ? [also] : []));
    } catch {
      setError('url: enter an absolute http(s) URL');
      focusField('url: ');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      if (!(await permitted)) throw new Error('Permission to reach that origin was not granted.');
      await action();
    } catch (e) {
      const message = (e as Error).message;
      setError(message);
      focusField(message);
    } finally {
      setBusy(false);
    }
  };

  const sendRequest = () => {
    const { url, method, auth, headers, contentType, body } = draft;
    const finished = () => setSent((n) => n + 1);
    // A request refused on the way (a bad URL, a permission not granted, the background's refusal) leaves no answer
    // on screen that could be read as its own.
    setAnswer(undefined);
    return guarded(async () => {
      const reply: ApiAnswer = await send('api:call', {
        url,
        method,
        auth,
        profileId,
        headers: headers.filter(([n, v]) => n.trim() !== '' || v.trim() !== ''),
        ...(hasBody(method) && body !== '' && { body, contentType }),
      });
      setAnswer(reply);
      setJar({ url, cookies: (await send('cookies:list', { url, reveal: false })).cookies });
    }, url).then(finished);
  };

  return (
    <section class="card console" aria-labelledby={`${uid}-title`} data-testid="api-console" data-sent={sent}>
      <h2 id={`${uid}-title`}>API console</h2>
      <RequestForm
        uid={uid}
        draft={draft}
        change={change}
        profiles={profiles}
        profileId={profileId}
        pickProfile={pickProfile}
        {...(profileHint && { profileHint })}
        busy={busy}
        onSend={sendRequest}
      />
      {error && (
        <p class="error" role="alert" data-testid="console-error">
          {error}
        </p>
      )}
      {answer && <ResponseView answer={answer} />}
      <Cookies jar={jar} setJar={setJar} busy={busy} guarded={guarded} />
      <Injection
        profileId={profileId}
        url={draft.url}
        injections={injections}
        setInjections={setInjections}
        busy={busy}
        guarded={guarded}
      />
    </section>
  );
}
