/** Host permissions, asked for at run time with the pattern both browsers match (core/host-patterns.ts). */
import { originPattern, patternCovers } from '../core/host-patterns';
import { nativeApi } from './native';

/**
 * The origins granted now, kept in step with the browser: a click must decide synchronously whether to ask (Firefox
 * refuses a request made after an await), and an origin already granted is not asked for again.
 */
let granted: string[] = [];
const api = (() => {
  try {
    return nativeApi();
  } catch {
    return undefined;
  }
})();
if (api?.permissions) {
  const refresh = () =>
    api.permissions.getAll().then(
      (all) => {
        granted = all.origins ?? [];
      },
      () => undefined,
    );
  void refresh();
  api.permissions.onAdded?.addListener(() => void refresh());
  api.permissions.onRemoved?.addListener(() => void refresh());
}

/**
 * True when the extension may fetch from each URL's origin, asking the user (one prompt) only for those not granted
 * yet. Must be called synchronously inside a click handler; throws synchronously on a URL that is not http(s).
 */
export function requestOriginPermission(url: string, ...more: string[]): Promise<boolean> {
  const urls = [url, ...more];
  const patterns = urls.map(originPattern);
  const missing = patterns.filter((_, i) => !granted.some((g) => patternCovers(g, urls[i] as string)));
  if (missing.length === 0 || !api) return Promise.resolve(missing.length === 0);
  return api.permissions.request({ origins: [...new Set(missing)] });
}
