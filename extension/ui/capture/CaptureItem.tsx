import { useState } from 'preact/hooks';
import { type Proposal, proposeProfile, withTokenEndpoint } from '../../core/capture-proposal';
import { idpHint } from '../../core/idp-hint';
import type { CaptureView, ProfileView } from '../../core/service';
import { send } from '../../messaging/client';
import { useUiEnvironment } from '../environment';
import { LinkProfile, linkableProfiles, useLink } from '../parts/LinkProfile';
import { ProfileForm } from '../profiles/ProfileForm';

/**
 * One capture as the popup shows it (the client id in full, the secret masked with its length, where it came from
 * and what the page said) and "Create profile": a proposal the user confirms or edits in the profile form.
 */
export function CaptureItem({
  capture,
  profiles,
  onLink,
  onCreated,
}: {
  capture: CaptureView;
  /** The IdP profiles a capture can take its settings from (the one the page names is preselected). */
  profiles: ProfileView[];
  onLink: (captureId: string, linkTo: string) => void;
  onCreated: (profiles: ProfileView[]) => void;
}) {
  const link = useLink(profiles, idpHint({ strategyName: capture.context?.authStrategy, clientId: capture.clientId }));
  const [linkError, setLinkError] = useState<string | undefined>();
  const { requestOrigin } = useUiEnvironment();
  const [proposal, setProposal] = useState<Proposal | undefined>();
  // The form starts from the proposal: a proposal refined by the discovery document starts a new form.
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState<string | undefined>();
  const context = capture.context ?? {};

  const lookUp = async (current: Proposal, url: string) => {
    setStatus(undefined);
    // Asked for inside the click: the issuer's host is reached only once the user says so.
    const permitted = requestOrigin(url);
    try {
      if (!(await permitted)) return setStatus('Permission to reach that origin was not granted.');
      const doc = await send('discovery:get', { url });
      setProposal(withTokenEndpoint(current, doc.tokenEndpoint, `read from ${url}`));
      setVersion((v) => v + 1);
    } catch (e) {
      setStatus((e as Error).message);
    }
  };

  return (
    <li data-testid="capture" class="capture">
      {/* What becomes a profile: the client id in full, the secret masked (check them against the page). */}
      <dl class="small">
        <dt>Client ID</dt>
        <dd>
          <code data-testid="capture-client-id">{capture.clientId}</code>
        </dd>
        <dt>Client secret</dt>
        <dd>
          <code data-testid="capture-secret">{capture.maskedSecret}</code>
        </dd>
        <dt>From</dt>
        <dd data-testid="capture-from">
          {capture.origin}
          {capture.source === 'picked' ? ' (picked by you)' : ''}
        </dd>
        {context.portal && (
          <>
            <dt>Portal</dt>
            <dd data-testid="capture-portal">{context.portal}</dd>
          </>
        )}
        {context.appName && (
          <>
            <dt>Application</dt>
            <dd data-testid="capture-app">{context.appName}</dd>
          </>
        )}
        {context.authStrategy && (
          <>
            <dt>Auth strategy</dt>
            <dd data-testid="capture-strategy">{context.authStrategy}</dd>
          </>
        )}
        {context.tokenUrl && (
          <>
            <dt>Token URL</dt>
            <dd>
              <code data-testid="capture-token-url">{context.tokenUrl}</code>
            </dd>
          </>
        )}
        {context.issuer && (
          <>
            <dt>Issuer</dt>
            <dd>
              <code data-testid="capture-issuer">{context.issuer}</code>
            </dd>
          </>
        )}
      </dl>
      <div class="row">
        <button
          type="button"
          data-testid="capture-propose"
          onClick={() => setProposal(proposal ? undefined : proposeProfile(capture))}
        >
          Create profile
        </button>
      </div>
      {linkableProfiles(profiles).length > 0 && (
        <div class="link">
          <LinkProfile id={`capture-${capture.id}-link`} testId="capture-link" profiles={profiles} link={link} />
          {/* Kept as `capture-create-profile`: the profile it makes takes its IdP settings from the chosen profile. */}
          <button
            type="button"
            class="secondary"
            data-testid="capture-create-profile"
            onClick={() => {
              if (link.blocked) return setLinkError('Choose the IdP profile the page names, or tick "anyway" to link another.');
              setLinkError(undefined);
              onLink(capture.id, link.value);
            }}
          >
            Link to this IdP profile
          </button>
          {linkError && (
            <p class="error small" role="alert" data-testid="capture-link-error">
              {linkError}
            </p>
          )}
        </div>
      )}
      {proposal && (
        <div data-testid="capture-proposal">
          <p class="muted small">
            {proposal.reasons.length > 0
              ? 'Proposed from what dcr-kit saw; check and edit before saving:'
              : 'Nothing on the page named the IdP: fill in the profile.'}
          </p>
          <ul class="small">
            {proposal.reasons.map((r) => (
              <li key={r} data-testid="capture-proposal-reason">
                {r}
              </li>
            ))}
          </ul>
          {proposal.discoveryUrl && (
            <button
              type="button"
              class="secondary"
              data-testid="capture-discover"
              onClick={() => lookUp(proposal, proposal.discoveryUrl as string)}
            >
              Read the token endpoint from {proposal.discoveryUrl}
            </button>
          )}
          {status && (
            <p class="error small" role="alert" data-testid="capture-proposal-status">
              {status}
            </p>
          )}
          <ProfileForm
            key={version}
            title="Create a profile from this capture"
            seed={proposal.input}
            secretHint="the captured one unless you type another"
            save={(input) => send('capture:create-profile', { ...input, captureId: capture.id })}
            onSaved={onCreated}
            onCancel={() => setProposal(undefined)}
          />
        </div>
      )}
    </li>
  );
}
