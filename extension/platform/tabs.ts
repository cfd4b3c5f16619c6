/** Opens the popup as a full tab (more room for claims and raw bodies). */
import { nativeApi } from './native';

export function openInTab(): void {
  const api = nativeApi();
  void api.tabs.create({ url: (api.runtime as unknown as { getURL(path: string): string }).getURL('/popup.html') });
}
