import { render } from 'preact';
import { requestOriginPermission } from '../../platform/permissions';
import { openInTab } from '../../platform/tabs';
import { App } from '../../ui/App';
import { UiEnvironmentContext } from '../../ui/environment';

const root = document.getElementById('app');
if (root) {
  render(
    <UiEnvironmentContext.Provider value={{ requestOrigin: requestOriginPermission, openInTab }}>
      <App />
    </UiEnvironmentContext.Provider>,
    root,
  );
}
