/**
 * The portal's one seeded developer and their sign-in (shared/reference/vendors.md §5.4): `POST
 * /developer/authenticate` sets the HttpOnly `portalaccesstoken` cookie, `logout` and `refresh` end and extend the
 * session, `requireDeveloper` guards every route that needs one, and `me` describes who is signed in.
 */
import type { Context, Next } from 'koa';
import type { Clock } from '../core/clock';
import { readJsonObject, safeEqual } from '../core/http';
import { base64url } from '../core/ids';
import type { Store, StoreMap } from '../core/store';
import { stableUuid } from './context';
import { ProblemError, send, unauthorized } from './problems';

/** How long a portal access token lives (harness clock). */
const ACCESS_TOKEN_TTL = 3600;

export interface Developer {
  id: string;
  email: string;
  password: string;
  fullName: string;
}

export class DeveloperSessions {
  readonly developer: Developer;
  readonly #sessions: StoreMap<{ developerId: string; exp: number }>;

  constructor(
    account: { username: string; password: string },
    private readonly clock: Clock,
    store: Store,
  ) {
    this.#sessions = store.map('portal/sessions', { durable: false });
    this.developer = {
      id: stableUuid(`developer:${account.username}`),
      email: account.username,
      password: account.password,
      fullName: 'dcr-kit Developer',
    };
  }

  reset(): void {
    this.#sessions.clear();
  }

  // POST /developer/authenticate {username, password} → 204 + HttpOnly portalaccesstoken (vendors.md §5.4).
  authenticate = async (ctx: Context): Promise<void> => {
    const body = await readJsonObject(ctx, { empty: 'object' });
    const missing = ['username', 'password'].filter((f) => typeof body[f] !== 'string' || body[f] === '');
    if (missing.length > 0) {
      // The spec's "400-Login-Failed" example.
      throw new ProblemError(
        400,
        'Bad Request',
        'Required fields are missing',
        missing.map((field) => ({ field, reason: 'is required' })),
      );
    }
    const ok = body.username === this.developer.email && safeEqual(String(body.password), this.developer.password);
    // The spec's "401-Unauthorized" example.
    if (!ok) throw new ProblemError(401, 'Invalid Credentials', 'You have entered an invalid email or password.');
    const token = base64url(32);
    this.#sessions.set(token, { developerId: this.developer.id, exp: this.clock.epoch() + ACCESS_TOKEN_TTL });
    // The spec's cookies are Secure; SameSite=None. On a plain-http origin a browser drops Secure cookies, so the
    // harness sets Secure only behind https, with SameSite=Lax (the portal calls its own API, same-origin).
    const secure = ctx.protocol === 'https';
    ctx.append(
      'Set-Cookie',
      `portalaccesstoken=${token}; Path=/; HttpOnly${secure ? '; Secure; SameSite=None' : '; SameSite=Lax'}`,
    );
    ctx.append(
      'Set-Cookie',
      `portalrefreshtoken=${base64url(32)}; Path=/api; HttpOnly${secure ? '; Secure; SameSite=None' : '; SameSite=Lax'}`,
    );
    ctx.status = 204;
  };

  logout = (ctx: Context): void => {
    const token = ctx.cookies.get('portalaccesstoken');
    if (token) this.#sessions.delete(token);
    ctx.append('Set-Cookie', 'portalaccesstoken=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly');
    ctx.append('Set-Cookie', 'portalrefreshtoken=; Path=/api; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly');
    ctx.status = 204;
  };

  refresh = (ctx: Context): void => {
    const token = String(ctx.cookies.get('portalaccesstoken'));
    const session = this.#sessions.get(token);
    if (session) this.#sessions.set(token, { ...session, exp: this.clock.epoch() + ACCESS_TOKEN_TTL });
    ctx.status = 204;
  };

  requireDeveloper = async (ctx: Context, next: Next): Promise<void> => {
    const token = ctx.cookies.get('portalaccesstoken');
    const session = token ? this.#sessions.get(token) : undefined;
    if (!session || session.exp <= this.clock.epoch()) throw unauthorized();
    ctx.state.developerId = session.developerId;
    await next();
  };

  me = (ctx: Context): void => {
    send(ctx, 200, {
      id: this.developer.id,
      email: this.developer.email,
      full_name: this.developer.fullName,
      status: 'approved',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    });
  };
}
