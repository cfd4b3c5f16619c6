import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// WXT 0.20 (0.21 needs Node 22). Explicit imports only (`imports: false`): the dependency graph stays visible.
export default defineConfig({
  srcDir: 'extension',
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  // Firefox as MV3 too, so optional_host_permissions survive (WXT's Firefox default is MV2, which drops them).
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'dcr-kit',
    description: 'Register OAuth clients, get tokens from Auth0, Curity, Okta and Entra ID, and call DCR-protected APIs.',
    // cookies: show and clear the gateway's session cookie; declarativeNetRequestWithHostAccess: header injection,
    // only on origins the user granted.
    // scripting: the capture content script, registered at run time only for origins the user enabled.
    // contextMenus: "dcr-kit: save selection as client ID / secret" on those origins (Firefox: its `menus` API, which
    // it also offers as contextMenus under this permission name).
    permissions: ['storage', 'alarms', 'cookies', 'declarativeNetRequestWithHostAccess', 'scripting', 'contextMenus'],
    // The local harness only (over http, or https with `--tls`); every other origin (IdPs, portals, gateways) is
    // asked for at runtime.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*', 'https://127.0.0.1/*', 'https://localhost/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'dcr-kit@dcr-kit.dev',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
          // Firefox MV3's default CSP adds upgrade-insecure-requests, which would turn http://127.0.0.1 (the local
          // harness, local IdPs) into https:// and break every request to them.
          content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
        }
      : {}),
  }),
});
