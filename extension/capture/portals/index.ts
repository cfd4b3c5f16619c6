/** THE registry of portal adapters, tried in this order before the generic detector (capture/find.ts). */
import type { PortalAdapter } from '../types';

export const portalAdapters: readonly PortalAdapter[] = [];
