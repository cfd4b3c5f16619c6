import { vendors } from '../../../shared/vendors';
import { hostOf } from '../../core/host-patterns';
import type { LastError, ProfileView } from '../../core/service';
import { when } from './time';

/**
 * Every failure the popup shows, in one shape: what failed, the other side's own words, what to do, when it is
 * tried again, and the raw answer on demand.
 */
export interface ProblemView {
  title: string;
  /** The vendor's (or portal's) own words: its error code and description. */
  code?: string;
  words?: string;
  /** Who said them ("Okta", "the portal"). */
  speaker?: string;
  todo?: string;
  at?: number;
  retryAt?: number;
  /** Seconds the other side asked to wait (Retry-After). */
  retryAfter?: number;
  raw?: string;
  link?: { label: string; href: string };
}

/**
 * `live`: announced as an alert (a failure that just happened here); one kept from before is shown, not announced. The
 * time line sits outside the alert: its "3 s ago" changes every second and must not be read out again each time.
 */
export function Problem({
  problem,
  testId,
  now = Date.now(),
  live = true,
}: {
  problem: ProblemView;
  testId: string;
  now?: number;
  live?: boolean;
}) {
  const { code, words } = problem;
  return (
    <div class="problem" data-testid={testId}>
      <div role={live ? 'alert' : undefined}>
        <p>
          <strong data-testid="problem-title">{problem.title}</strong>
        </p>
        {(code || words) && (
          <p data-testid="problem-words">
            {problem.speaker ? `${problem.speaker} says: ` : ''}
            {code && <code>{code}</code>}
            {code && words ? ' ' : ''}
            {words && <q>{words}</q>}
          </p>
        )}
        {problem.todo && <p data-testid="token-error-explanation">{problem.todo}</p>}
      </div>
      {(problem.at !== undefined || problem.retryAt !== undefined || problem.retryAfter !== undefined) && (
        <p class="small" data-testid="problem-when">
          {problem.at !== undefined && `Failed at ${when(problem.at, now)}. `}
          {problem.retryAt !== undefined
            ? `Tries again at ${when(problem.retryAt, now)}.`
            : problem.retryAfter !== undefined
              ? `Retry after ${problem.retryAfter} s (the IdP's Retry-After).`
              : ''}
        </p>
      )}
      {problem.link && (
        <p>
          <a href={problem.link.href} target="_blank" rel="noreferrer" data-testid="problem-link">
            {problem.link.label}
          </a>
        </p>
      )}
      {problem.raw && (
        <details>
          <summary>Raw response</summary>
          <pre>{problem.raw}</pre>
        </details>
      )}
    </div>
  );
}

/** A failed token request: which IdP was asked (a profile linked to the wrong one shows here), and its words. */
export function tokenProblem(profile: ProfileView, error: LastError): ProblemView {
  const vendor = vendors[profile.vendor].displayName;
  const asked = error.endpoint ? ` at ${hostOf(error.endpoint)}` : '';
  const background = error.retryAt !== undefined;
  const linked = profile.source.kind === 'portal' || profile.source.kind === 'captured';
  const refused = error.status === 400 || error.status === 401;
  return {
    title:
      error.status === 0
        ? `${background ? 'Background re-fetch' : 'Token request'}: no answer from ${vendor}${asked}`
        : `${background ? 'Background re-fetch' : 'Token request'} refused by ${vendor}${asked} (HTTP ${error.status})`,
    ...(error.error && { code: error.error }),
    ...(error.description && { words: error.description }),
    speaker: vendor,
    todo:
      linked && refused
        ? `${error.explanation} This profile asks ${vendor}${asked} for its tokens: if the application's client lives at another IdP, create the profile again linked to that one.`
        : error.explanation,
    at: error.at,
    ...(error.retryAt !== undefined && { retryAt: error.retryAt }),
    ...(error.retryAfter !== undefined && { retryAfter: error.retryAfter }),
    ...(error.raw && { raw: error.raw }),
  };
}

/** A failure that is only a message (a refused permission, a portal's problem+json detail). */
export function messageProblem(title: string, message: string): ProblemView {
  return { title, todo: message };
}
