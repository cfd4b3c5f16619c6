/**
 * WSO2 API Manager Developer Portal (wso2/apim-apps, portals/devportal, React + MUI): after "Generate Keys" the
 * application's Production/Sandbox keys page (Shared/AppsAndKeys/ViewKeys.jsx) shows read-only MUI TextFields
 * `input#consumer-key` and `input#consumer-secret` (type=password until the eye is clicked: read by .value). With
 * secret hashing on, no secret field is rendered (only "Regenerate Consumer Secret"), so nothing is found.
 * KeyConfiguration.jsx shows the key manager's "Token Endpoint"; InfoBar.jsx the application name.
 */
import { portal } from './dom';

export const wso2 = portal({
  id: 'wso2',
  name: 'WSO2 API Manager Developer Portal',
  // Self-hosted (https://{host}:9443/devportal, behind any proxy path): the path and the React root only.
  path: /\/devportal\//,
  mark: '#react-root',
  scope: '.MuiGrid-container:has(#consumer-secret)',
  clientId: '#consumer-key',
  clientSecret: '#consumer-secret',
  context: { appName: '#itest-info-bar-application-name', tokenUrl: /^Token Endpoint$/ },
});
