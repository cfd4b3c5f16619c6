/** Host permissions, asked for at run time with the pattern both browsers match (core/host-patterns.ts). */
import { originPattern, patternCovers } from '../core/host-patterns';
import { nativeApi } from './native';

/**
 * The origins granted now, kept in step with the browser: a click must decide synchronously whether to ask (Firefox
 * refuses a request made after an await), and an origin already granted is not asked for again.
 */
let granted: string[] = [];
let loaded = false;
const listeners = new Set<() => void>();
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
        loaded = true;
        for (const listener of listeners) listener();
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

/** The install-time host patterns (the local harness) as the manifest lists them. */
function installPatterns(): string[] {
  const manifest = api?.runtime.getManifest() as { host_permissions?: string[] } | undefined;
  return manifest?.host_permissions ?? [];
}

/**
 * Install-time host access the user has taken back (Firefox's add-on settings, Chromium's site access): the local
 * harness cannot be reached until it is granted again. Empty until the browser has said what is granted.
 */
export function revokedInstallAccess(): string[] {
  return loaded ? installPatterns().filter((p) => !granted.includes(p)) : [];
}

/** Called whenever the granted origins change; returns the unsubscribe. */
export function onHostAccessChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Asks again for the install-time access the user took back (inside the click). */
export function requestInstallAccess(): Promise<boolean> {
  const missing = revokedInstallAccess();
  if (!api || missing.length === 0) return Promise.resolve(missing.length === 0);
  return api.permissions.request({ origins: missing });
}
