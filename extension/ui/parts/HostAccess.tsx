import { useEffect, useState } from 'preact/hooks';
import { useUiEnvironment } from '../environment';

/**
 * When the user took back the host access granted at install (Firefox lets them, in the add-on's permissions; so
 * does Chromium's site access), nothing on this machine's harness can be reached: say so and offer the button that
 * asks again (the browser shows its prompt).
 */
export function HostAccess() {
  const { revokedInstallAccess, onHostAccessChange, requestInstallAccess } = useUiEnvironment();
  const [revoked, setRevoked] = useState(revokedInstallAccess());
  const [refused, setRefused] = useState(false);
  useEffect(() => onHostAccessChange(() => setRevoked(revokedInstallAccess())), []);
  if (revoked.length === 0) return null;
  const hosts = [...new Set(revoked.map((p) => p.replace(/^\w+:\/\/|\/\*$/g, '')))].join(', ');
  return (
    <div class="warning" role="alert" data-testid="host-access">
      <p>
        dcr-kit can no longer reach {hosts}: its access there was turned off in the browser's settings for this add-on. The local
        harness needs it.
      </p>
      <button
        type="button"
        data-testid="host-access-request"
        onClick={() => {
          setRefused(false);
          void requestInstallAccess().then((ok) => setRefused(!ok));
        }}
      >
        Allow access again
      </button>
      {refused && <p class="small">Not granted: the browser asked and the answer was no.</p>}
    </div>
  );
}
