/** Opens the popup as a full tab (more room for claims and raw bodies). */
import { browser } from 'wxt/browser';
import { pageUrl } from './runtime';

export function openInTab(): void {
  void browser.tabs.create({ url: pageUrl('/popup.html') });
}
