/**
 * What capture finds on a page and the shape of a portal adapter (one module per portal in capture/portals/, listed
 * in capture/portals/index.ts, like shared/vendors/). Page data is untrusted: every value is validated and
 * size-limited, and nothing is ever written back into the page.
 */

/** What else the page says about the credentials (shown in the Save preview; proposes a profile). */
export interface PageContext {
  /** The portal's name as the adapter knows it, e.g. "Kong Konnect Dev Portal v3". */
  portal?: string;
  appName?: string;
  /** A token endpoint, issuer or discovery URL the page shows (absolute http(s) URLs only). */
  tokenUrl?: string;
  issuer?: string;
  /** Konnect: the application auth strategy's name. */
  authStrategy?: string;
}

export interface Found {
  clientId: string;
  clientSecret: string;
  /** The id of the adapter that found them (`konnect-v3`, `wso2`, …), or `generic`. */
  source: string;
  /** The element the "Save to dcr-kit" button goes next to. */
  anchor: Element;
  context?: PageContext;
}

export interface PortalAdapter {
  /** Stable id, also `Found.source` (lower-case, `[a-z0-9-]+`). */
  id: string;
  name: string;
  /**
   * Cheap: the URL and a marker or two (a meta generator, a root element, a class the portal's templates always
   * render). Only an adapter that recognises the page runs `find` on it.
   */
  recognise(doc: Document, url: URL): boolean;
  /**
   * The shown-once pair exactly as the portal shows it, or undefined (never a guess: the generic detector follows),
   * or null: the adapter knows this page holds no pair it can be sure of (the generic detector must not guess either).
   */
  find(doc: Document): Found | undefined | null;
}
