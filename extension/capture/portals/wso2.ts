/**
 * WSO2 API Manager Developer Portal (wso2/apim-apps, portals/devportal, React + MUI): after "Generate Keys" the
 * application's Production/Sandbox keys page (ViewKeys.jsx) shows read-only MUI TextFields `input#consumer-key` and
 * `input#consumer-secret` (type=password until the eye is clicked: read by .value). With secret hashing on, no secret
 * field is rendered (only "Regenerate Consumer Secret"), so nothing is found. KeyConfiguration.jsx shows the key
 * manager's "Token Endpoint" row; InfoBar.jsx the application name (#itest-info-bar-application-name).
 */
import type { PortalAdapter } from '../types';
import { byText, httpUrl, pageContext, shortText, shownValue } from './dom';

const NAME = 'WSO2 API Manager Developer Portal';

export const wso2: PortalAdapter = {
  id: 'wso2',
  name: NAME,
  recognise: (doc, url) => doc.getElementById('react-root') !== null && url.pathname.startsWith('/devportal/'),
  find(doc) {
    const clientId = shownValue(doc.querySelector('input#consumer-key'));
    const secretInput = doc.querySelector('input#consumer-secret');
    const clientSecret = shownValue(secretInput);
    if (!clientId || !clientSecret || !secretInput) return undefined;
    const tokenRow = byText(doc, 'th', /^Token Endpoint$/i)?.closest('tr');
    return {
      clientId,
      clientSecret,
      source: 'wso2',
      anchor: secretInput.closest('.MuiFormControl-root') ?? secretInput,
      context: pageContext({
        portal: NAME,
        appName: shortText(doc.getElementById('itest-info-bar-application-name')?.textContent),
        tokenUrl: httpUrl(tokenRow?.querySelector('td')?.firstChild?.textContent),
      }),
    };
  },
};
