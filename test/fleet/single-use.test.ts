/**
 * Issue 15, what only one process may do: two harness processes, A and B, on one Redis, each sent the same
 * single-use token at once, 20 times over. Exactly one succeeds; the other gets what the vendor answers for a token
 * already used, byte for byte what a later, sequential use gets: oidc-provider's 401 `invalid_token` with
 * `WWW-Authenticate: Bearer …` (RFC 7591 §3.2.2 and RFC 7592 §2 lead to RFC 6750 §3, §3.1). The tokens:
 * - Curity's initial access token, single-use (curity.io "Using Dynamic Client Registration");
 * - Curity's registration access token, rotated by every RFC 7592 GET and PUT ("A GET or PUT request would
 *   automatically rotate the registration_access_token, invalidate the current token": curity.io "Dynamic Client
 *   Registration Management").
 * And fault rules added at A and B at once get distinct ids, so a DELETE by id removes that rule only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CURITY } from '../helpers/demo';
import { basic, postForm, postJson, send, type WireResponse } from '../helpers/http';
import { type FleetProcess, useFleet } from './support';

const fleet = useFleet();
let a: FleetProcess;
let b: FleetProcess;

beforeAll(() => {
  ({ a, b } = fleet);
});

const ROUNDS = 20;
const metadata = { client_name: 'single use', grant_types: ['client_credentials'], scope: 'read' };
/**
 * The paths as sent: exact, with a trailing slash, in another letter case (oidc-provider's router takes all three; a
 * check by path once let the other spellings use a token twice).
 */
const spellings = [
  (path: string) => path,
  (path: string) => `${path}/`,
  (path: string) => path.replace('oauth-registration', 'OAuth-Registration'),
];
const spelling = (round: number) => spellings[round % spellings.length] as (path: string) => string;
const registration = (at: FleetProcess) => `${at.url}/curity/token-service/oauth-registration`;

async function initialAccessToken(): Promise<string> {
  const res = await postForm(
    `${a.url}/curity/oauth/v2/oauth-token`,
    { grant_type: 'client_credentials', scope: 'dcr' },
    basic(CURITY.dcrClientId, CURITY.dcrClientSecret),
  );
  expect(res.status).toBe(200);
  return res.json.access_token as string;
}

const register = (at: FleetProcess, iat: string, name: string, spell = spelling(0)) =>
  send(spell(registration(at)), {
    method: 'POST',
    headers: { authorization: `Bearer ${iat}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ ...metadata, client_name: name }),
  });

/** RFC 7592 read (GET) or update (PUT) of `clientId` at one process, with registration access token `rat`. */
const manage = (at: FleetProcess, method: 'GET' | 'PUT', clientId: string, rat: string, name?: string, slash = false) =>
  send(`${registration(at)}/${clientId}${slash ? '/' : ''}`, {
    method,
    headers: { authorization: `Bearer ${rat}`, 'content-type': 'application/json', accept: 'application/json' },
    ...(method === 'PUT' && { body: JSON.stringify({ ...metadata, client_id: clientId, client_name: name }) }),
  });

/** What a refusal says: status, body and challenge (oidc-provider's `error_description` included). */
const refusal = (res: WireResponse) => ({
  status: res.status,
  json: res.json,
  challenge: res.headers.get('www-authenticate'),
});

/** One of the pair succeeded with `ok`, the other was refused as a spent token is; returns [winner, loser]. */
function oneWins(pair: WireResponse[], ok: number): [WireResponse, WireResponse] {
  expect(pair.map((r) => r.status).sort()).toEqual([ok, 401].sort());
  const winner = pair.find((r) => r.status === ok) as WireResponse;
  const loser = pair.find((r) => r.status === 401) as WireResponse;
  expect(loser.json.error).toBe('invalid_token');
  expect(loser.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+", error="invalid_token"/);
  return [winner, loser];
}

describe('a single-use token sent to A and B at once', () => {
  it(`initial access token: one registration of each pair succeeds, the other is refused as a used token (${ROUNDS} pairs)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const iat = await initialAccessToken();
      const [winner, loser] = oneWins(
        await Promise.all([register(a, iat, `A ${round}`, spelling(round)), register(b, iat, `B ${round}`, spelling(round + 1))]),
        201,
      );
      // The loser registered nothing: the winner's client is the only one, and it keeps the winner's name.
      expect(winner.json.client_name).toMatch(/^[AB] \d+$/);
      // Exactly the answer a later use of the spent token gets, at either process.
      const later = await register(round % 2 ? a : b, iat, 'later');
      expect(refusal(loser)).toEqual(refusal(later));
    }
  });

  it(`registration access token: GET and PUT rotate it; of each pair using the old one, one succeeds (${ROUNDS} pairs)`, async () => {
    const created = await register(a, await initialAccessToken(), 'rotating');
    expect(created.status).toBe(201);
    const clientId = created.json.client_id as string;
    let rat = created.json.registration_access_token as string;
    const methods = [
      ['GET', 'GET'],
      ['PUT', 'PUT'],
      ['GET', 'PUT'],
      ['PUT', 'GET'],
    ] as const;
    for (let round = 0; round < ROUNDS; round++) {
      const [atA, atB] = methods[round % methods.length] as (typeof methods)[number];
      const [winner, loser] = oneWins(
        // One of the two with a trailing slash, in turn (oidc-provider takes it; it must spend the token just the same).
        await Promise.all([
          manage(a, atA, clientId, rat, `A ${round}`, round % 2 === 0),
          manage(b, atB, clientId, rat, `B ${round}`, round % 2 === 1),
        ]),
        200,
      );
      expect(winner.json.registration_access_token).not.toBe(rat);
      const old = rat;
      rat = winner.json.registration_access_token as string;
      // The stored client is the winner's: a refused PUT changed nothing.
      const read = await manage(round % 2 ? b : a, 'GET', clientId, rat);
      expect(read.status).toBe(200);
      expect(read.json.client_name).toBe(winner.json.client_name);
      rat = read.json.registration_access_token as string;
      // The old token, used again later, is refused in exactly the loser's words.
      expect(refusal(loser)).toEqual(refusal(await manage(round % 2 ? a : b, atA, clientId, old, 'later')));
    }
  });
});

describe('fault rules added at A and B at once', () => {
  it('get 20 distinct ids, listed alike at both; a DELETE by id at B removes that rule only, everywhere', async () => {
    const rule = (i: number) => ({
      tenant: 'okta',
      endpoint: 'discovery',
      method: 'PUT',
      fault: { type: 'status', status: 500 + i },
    });
    const added = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postJson(`${(i % 2 ? b : a).url}/_control/faults`, rule(i))),
    );
    expect(added.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ids = added.map((r) => r.json.id as string);
    expect(new Set(ids).size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^fault-\d+$/);

    const listed = async (at: FleetProcess) =>
      ((await send(`${at.url}/_control/faults`)).json.faults as { id: string; fault: { status: number } }[]).map(
        (f) => `${f.id} ${f.fault.status}`,
      );
    const expected = added.map((r) => `${r.json.id} ${r.json.fault.status}`).sort();
    expect((await listed(a)).sort()).toEqual(expected);
    expect((await listed(b)).sort()).toEqual(expected);

    const gone = ids[7] as string;
    expect((await send(`${b.url}/_control/faults/${gone}`, { method: 'DELETE' })).status).toBe(204);
    const left = expected.filter((line) => !line.startsWith(`${gone} `));
    expect((await listed(a)).sort()).toEqual(left);
    expect((await listed(b)).sort()).toEqual(left);
    expect((await send(`${a.url}/_control/faults/${gone}`, { method: 'DELETE' })).status).toBe(404);
    await send(`${a.url}/_control/faults`, { method: 'DELETE' });
  });
});
