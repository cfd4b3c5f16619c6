/**
 * How the portal answers: JSON, and for every error Kong's `application/problem+json` (shared/reference/vendors.md
 * §5.4, Kong's portal OpenAPI files v2 and v3), the write guard's refusals included.
 */
import type { Context, Next } from 'koa';
import { RegistrationError } from '../../shared/registration/providers';
import { refuseCrossOriginWrite } from '../core/guard';
import { BodyError } from '../core/http';
import { uuid } from '../core/ids';
import { StoreUnavailable } from '../core/store';

const PROBLEM = 'application/problem+json';
const JSON_TYPE = 'application/json; charset=utf-8';

/** Kong's problem+json (vendors.md §5.4): status, title, type, instance, detail, and invalid_parameters on 400s. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly invalidParameters?: { field: string; reason: string }[],
  ) {
    super(detail);
  }
}

// The spec's "UnauthorizedExample" (konnect-portal-api-v2/v3 openapi) carries an empty invalid_parameters.
export const unauthorized = () => new ProblemError(401, 'Unauthorized', 'Unauthorized', []);
export const notFound = () => new ProblemError(404, 'Not Found', 'Not Found');
export const badRequest = (field: string, reason: string) =>
  new ProblemError(400, 'Bad Request', 'Invalid request', [{ field, reason }]);

/**
 * The portal changes state only for its own pages (and the developer's extension): a page on another port of the
 * same host carries the SameSite=Lax session cookie, so a `text/plain` POST from it created applications
 * (issue 10). Every path, whatever its spelling (routes match case-insensitively); the pages themselves take no
 * POST. Kong's portal OpenAPI files (konnect-portal-api-v2/v3) define no body for such a refusal: these are
 * problem+json like every other portal error.
 */
export function refuseForeignWrites(ownOrigin: string) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const refusal = refuseCrossOriginWrite(ctx, { ownOrigins: [ownOrigin], extensions: true });
    if (refusal?.status === 403) throw new ProblemError(403, 'Forbidden', refusal.reason);
    if (refusal?.status === 415) throw new ProblemError(415, 'Unsupported Media Type', refusal.reason);
    await next();
  };
}

export async function renderProblems(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (error) {
    // Answered by start/fleet.ts's gate as Kong's 503 with Retry-After.
    if (error instanceof StoreUnavailable) throw error;
    let problem: ProblemError;
    if (error instanceof ProblemError) problem = error;
    else if (error instanceof BodyError)
      problem =
        error.problem === 'too_large'
          ? new ProblemError(413, 'Payload Too Large', 'Request body too large')
          : badRequest('body', 'must be a JSON object');
    else if (error instanceof RegistrationError)
      problem = new ProblemError(400, 'Bad Request', `DCR provider error: ${error.message}`);
    else {
      console.error(`mock-idp portal: unexpected error on ${ctx.method} ${ctx.path}:`, error);
      problem = new ProblemError(500, 'Internal Server Error', 'Internal Server Error');
    }
    ctx.status = problem.status;
    ctx.set('Content-Type', PROBLEM);
    const body: Record<string, unknown> = {
      status: problem.status,
      title: problem.title,
      type: `https://httpstatuses.com/${problem.status}`,
      instance: `kong:trace:${BigInt(`0x${uuid().replace(/-/g, '').slice(0, 15)}`).toString()}`,
      detail: problem.detail,
    };
    if (problem.invalidParameters) body.invalid_parameters = problem.invalidParameters;
    ctx.body = JSON.stringify(body);
  }
}

export function send(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.set('Content-Type', JSON_TYPE);
  ctx.body = JSON.stringify(body);
}
