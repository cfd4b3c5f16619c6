/**
 * Apigee's Drupal developer portal (apigee/apigee-devportal-kickstart-drupal with the apigee/apigee-edge-drupal module):
 * an app's credentials are `fieldset.app-credential` blocks (app-credential.html.twig) whose primary wrapper holds
 * `.item-property` rows in a fixed order (apigee_edge.module: Consumer Key, Consumer Secret, Issued, Expires, Key
 * Status), the first two apigee_secret elements (`.secret`): apigee_edge.secret.js keeps them `.secret--hidden` and
 * empty until the eye toggle loads the value into `.secret__value`. Only revealed values are taken.
 */
import { portal } from './dom';

const revealed = (n: number) => `.item-property:nth-child(${n}) .secret:not(.secret--hidden)>.secret__value`;

export const apigee = portal({
  id: 'apigee',
  name: 'Apigee Developer Portal (Drupal)',
  mark: 'html:has(meta[name="Generator" i][content^="Drupal"]) .app-credential',
  scope: 'fieldset.app-credential',
  clientId: revealed(1),
  clientSecret: revealed(2),
});
