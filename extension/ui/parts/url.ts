/** A URL's host for a short label (the text itself when it is not a URL). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
