import { type ApiAuth, AUTH_NAMES } from '../../core/api-console';
import type { ProfileView } from '../../core/service';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Offered in the content type field (any type/subtype may be typed). */
const CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/xml'];

/** Methods whose request may carry a body here (fetch refuses one on GET and HEAD). */
export const hasBody = (method: string) => method !== 'GET' && method !== 'HEAD';

export interface RequestDraft {
  url: string;
  method: string;
  auth: ApiAuth;
  /** Name/value rows as typed; blank rows are ignored when sending. */
  headers: [string, string][];
  contentType: string;
  body: string;
}

/** The ids the form's fields get, so an error naming a field can focus it. */
export const fieldIds = (uid: string) => ({
  url: `${uid}-url`,
  headers: `${uid}-header-0-name`,
  body: `${uid}-body`,
  contentType: `${uid}-type`,
});

/**
 * The request: URL, method, auth method and profile, the user's headers and (for methods with a body) a body with
 * its content type, then Send. Tab order follows reading order; a GET with no headers is six stops to Send.
 */
export function RequestForm({
  uid,
  draft,
  change,
  profiles,
  profileId,
  pickProfile,
  profileHint,
  busy,
  onSend,
}: {
  uid: string;
  draft: RequestDraft;
  change: (patch: Partial<RequestDraft>) => void;
  profiles: ProfileView[];
  profileId: string;
  pickProfile: (id: string) => void;
  /** Why this profile is selected, when the console chose it from the URL. */
  profileHint?: string;
  busy: boolean;
  onSend: () => void;
}) {
  const ids = fieldIds(uid);
  const setHeader = (index: number, at: 0 | 1, value: string) =>
    change({ headers: draft.headers.map((row, i) => (i === index ? (at === 0 ? [value, row[1]] : [row[0], value]) : row)) });
  return (
    <form
      class="console-request"
      onSubmit={(e) => {
        e.preventDefault();
        onSend();
      }}
    >
      <label for={ids.url}>URL</label>
      <input
        id={ids.url}
        class="console-wide"
        data-testid="console-url"
        value={draft.url}
        spellcheck={false}
        onInput={(e) => change({ url: (e.target as HTMLInputElement).value })}
      />
      <div class="row console-selects">
        <select
          aria-label="Method"
          data-testid="console-method"
          value={draft.method}
          onChange={(e) => change({ method: (e.target as HTMLSelectElement).value })}
        >
          {METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <select
          aria-label="Auth method"
          data-testid="console-auth"
          value={draft.auth}
          onChange={(e) => change({ auth: (e.target as HTMLSelectElement).value as ApiAuth })}
        >
          {(Object.keys(AUTH_NAMES) as ApiAuth[]).map((a) => (
            <option key={a} value={a}>
              {AUTH_NAMES[a]}
            </option>
          ))}
        </select>
      </div>
      <select
        aria-label="Profile"
        class="console-wide"
        data-testid="console-profile"
        value={profileId}
        aria-describedby={profileHint ? `${uid}-profile-hint` : undefined}
        onChange={(e) => pickProfile((e.target as HTMLSelectElement).value)}
      >
        {profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      {profileHint && (
        <p id={`${uid}-profile-hint`} class="small muted" data-testid="console-profile-hint">
          {profileHint}
        </p>
      )}
      <fieldset class="console-fieldset">
        <legend>Request headers</legend>
        {draft.headers.map(([name, value], i) => (
          <div class="console-header-row" key={i} data-testid="console-header-row">
            <input
              id={`${uid}-header-${i}-name`}
              aria-label={`Header ${i + 1} name`}
              data-testid="console-header-name"
              placeholder="Name"
              spellcheck={false}
              value={name}
              onInput={(e) => setHeader(i, 0, (e.target as HTMLInputElement).value)}
            />
            <input
              aria-label={`Header ${i + 1} value`}
              data-testid="console-header-value"
              placeholder="Value"
              spellcheck={false}
              value={value}
              onInput={(e) => setHeader(i, 1, (e.target as HTMLInputElement).value)}
            />
            <button
              type="button"
              class="secondary"
              aria-label={`Remove header ${i + 1}${name ? ` (${name})` : ''}`}
              data-testid="console-header-remove"
              onClick={() => change({ headers: draft.headers.filter((_, j) => j !== i) })}
            >
              ✕
            </button>
          </div>
        ))}
        <button
          type="button"
          class="secondary"
          data-testid="console-header-add"
          onClick={() => change({ headers: [...draft.headers, ['', '']] })}
        >
          Add header
        </button>
        <p class="small muted">The auth method sets Authorization; the browser sets Cookie.</p>
      </fieldset>
      {hasBody(draft.method) && (
        <fieldset class="console-fieldset">
          <legend>Body</legend>
          <label for={ids.contentType}>Content type</label>
          <input
            id={ids.contentType}
            class="console-wide"
            data-testid="console-content-type"
            list={`${uid}-types`}
            spellcheck={false}
            value={draft.contentType}
            onInput={(e) => change({ contentType: (e.target as HTMLInputElement).value })}
          />
          <datalist id={`${uid}-types`}>
            {CONTENT_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <label for={ids.body}>Body</label>
          <textarea
            id={ids.body}
            class="console-wide"
            data-testid="console-request-body"
            rows={5}
            spellcheck={false}
            value={draft.body}
            onInput={(e) => change({ body: (e.target as HTMLTextAreaElement).value })}
          />
        </fieldset>
      )}
      <button type="submit" data-testid="console-send" disabled={busy}>
        {busy ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}
