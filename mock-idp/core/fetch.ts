/**
 * The `fetch` the harness's own parts (the gateway, the portal's DCR provider calls) reach the harness with. Over
 * `--tls` it trusts the harness's CA, and only for these calls: the process's other TLS clients are not touched.
 */
import { rootCertificates } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';

export type HarnessFetch = typeof fetch;

export function harnessFetch(ca: string | undefined): HarnessFetch {
  if (ca === undefined) return (input, init) => fetch(input, init);
  // Node's own roots as well: an IdP in a user's config may be a real https one.
  const dispatcher = new Agent({ connect: { ca: [...rootCertificates, ca] } });
  // undici's fetch is the implementation behind Node's global fetch; its types differ only in name.
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as HarnessFetch;
}
