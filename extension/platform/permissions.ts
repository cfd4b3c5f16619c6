/** Host permissions, asked for at run time, one origin at a time. */
import { nativeApi } from './native';

/**
 * True when the extension may fetch from this URL's origin, asking the user when it may not yet. Must be called
 * synchronously inside a click handler (Firefox refuses a request made after an await); an origin already granted
 * resolves true without a prompt.
 */
export function requestOriginPermission(url: string, ...more: string[]): Promise<boolean> {
  return nativeApi().permissions.request({ origins: [url, ...more].map((u) => `${new URL(u).origin}/*`) });
}
