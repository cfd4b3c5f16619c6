/**
 * Start-up phase "who can reach it": the host names the three origins answer to, the control token, and whether the
 * harness binds an address other machines can reach (issue 10; the checks themselves are in core/guard.ts).
 */
import type { Config } from '../config';
import { allowedHostNames, isLoopback } from '../core/guard';
import { base64url } from '../core/ids';

export interface Exposure {
  hostNames: ReadonlySet<string>;
  controlToken: string | undefined;
  /** Bound to an address other machines can reach: the user is warned. */
  public: boolean;
  /**
   * `/harness.json` shows its secrets only to a caller with the control token: on a public bind, and whenever the user
   * set a token (a machine shared with other users, whose config secrets are not for them).
   */
  secretsNeedToken: boolean;
}

export function exposure(config: Config, options: { controlToken?: string; allowedHosts?: string[] }): Exposure {
  const isPublic = !isLoopback(config.host);
  const publicUrls = [config.publicUrl, config.portal.publicUrl, config.gateway.publicUrl].filter((u) => u !== undefined);
  return {
    hostNames: allowedHostNames({ host: config.host, publicUrls, allowed: options.allowedHosts ?? [] }),
    controlToken: options.controlToken ?? (isPublic ? base64url(24) : undefined),
    public: isPublic,
    secretsNeedToken: isPublic || options.controlToken !== undefined,
  };
}

/** The start-up warning of a public bind, naming what becomes reachable. */
export function publicBindWarning(host: string, exposure: Exposure): string {
  return `WARNING: bound to ${host}, an address other machines can reach: every tenant's token and registration API, Microsoft Graph, the DCR bridge, the portal and the gateway answer them. /_control requires the control token (Authorization: Bearer <token>), and /harness.json leaves its secrets out without it. The embedded demo credentials (client secrets, the Okta API token, the bridge key, the portal password) are public: anyone who can reach this harness can get tokens and register clients with them; use --config with your own. Host names answered: ${[...exposure.hostNames].join(', ')}.`;
}
