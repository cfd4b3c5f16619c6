/** Without a built bundle the inspector's page says how to build it, instead of failing (mock-idp/inspector/page.ts). */
import type { Context } from 'koa';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (original) => ({ ...(await original<typeof import('node:fs')>()), existsSync: () => false }));

function fakeContext(params: Record<string, string> = {}) {
  const headers: Record<string, string> = {};
  return {
    params,
    status: 200,
    type: '',
    body: '' as unknown,
    set: (h: Record<string, string>) => Object.assign(headers, h),
    headers,
  };
}

describe('the inspector page without its bundle', () => {
  it('answers 503 with the command that builds it, under the same CSP', async () => {
    const { servePage } = await import('../../../../mock-idp/inspector/page');
    const ctx = fakeContext();
    servePage(ctx as unknown as Context);
    expect(ctx.status).toBe(503);
    expect(ctx.body).toContain('Run <code>npm run build:inspector</code>');
    expect(ctx.headers['Content-Security-Policy']).toContain("script-src 'self'");
    const asset = fakeContext({ file: 'inspector.js' });
    servePage(asset as unknown as Context);
    expect(asset.status).toBe(404);
    expect(JSON.parse(asset.body as string)).toEqual({
      error: 'not_found',
      message: 'no inspector file "inspector.js" (run npm run build:inspector)',
    });
  });
});
