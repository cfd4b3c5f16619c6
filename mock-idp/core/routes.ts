/**
 * Every `METHOD path` a koa app answers through its routers, in matching order: the one listing of the URL surface
 * (`harness.routes()`; `test/architecture/routes.test.ts` holds it to a committed file, so a route added by accident
 * shows up in review).
 */
import type Router from '@koa/router';
import type Koa from 'koa';

/** All methods but HEAD (answered with GET) and OPTIONS: a route registered with `router.all`. */
const ALL_METHODS = 7;

export function routeListing(app: Koa): string[] {
  const lines: string[] = [];
  for (const middleware of app.middleware) {
    const router = (middleware as { router?: Router }).router;
    if (!router) continue;
    for (const layer of router.stack) {
      const methods = layer.methods.filter((m) => m !== 'HEAD');
      // Layers without methods are router.use() middleware, not routes.
      if (methods.length === 0) continue;
      const line = `${methods.length >= ALL_METHODS ? 'ALL' : methods.join(',')} ${layer.path}`;
      if (!lines.includes(line)) lines.push(line);
    }
  }
  return lines;
}
