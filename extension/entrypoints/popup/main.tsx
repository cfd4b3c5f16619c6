import { render } from 'preact';
import {
  onHostAccessChange,
  requestInstallAccess,
  requestOriginPermission,
  revokedInstallAccess,
} from '../../platform/permissions';
import { openInTab } from '../../platform/tabs';
import { App } from '../../ui/App';
import { UiEnvironmentContext } from '../../ui/environment';

const root = document.getElementById('app');
if (root) {
  render(
    <UiEnvironmentContext.Provider
      value={{
        requestOrigin: requestOriginPermission,
        openInTab,
        revokedInstallAccess,
        onHostAccessChange,
        requestInstallAccess,
      }}
    >
      <App />
    </UiEnvironmentContext.Provider>,
    root,
  );
}
