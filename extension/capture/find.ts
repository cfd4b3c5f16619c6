/**
 * Finding credentials a portal shows once: the first adapter that recognises the page decides (capture/portals/);
 * a page no adapter recognises, or where it finds nothing (undefined, not null: "mine, and nothing sure"), goes to the
 * generic detector, which is right or silent (capture/detect.ts).
 */
import { findCredentials as generic } from './detect';
import { portalAdapters } from './portals';
import type { Found } from './types';

export function findOnPage(doc: Document, url: URL = new URL(doc.location?.href ?? 'about:blank')): Found | undefined {
  for (const adapter of portalAdapters) {
    if (!adapter.recognise(doc, url)) continue;
    const found = adapter.find(doc);
    if (found !== undefined) return found ?? undefined;
  }
  return generic(doc);
}
