/**
 * The QA inspector's routes on the harness origin (issue 13): the page at `/`, its bundle under `/_inspector/`
 * (page.ts), and the traffic feed under `/_control/traffic` with the control plane's own steps, so the same rules
 * hold: the control token when one is set, cross-origin writes refused, and no CORS header anywhere (a page on
 * another origin cannot read the feed or its stream).
 */
import { PassThrough } from 'node:stream';
import Router from '@koa/router';
import type { Context } from 'koa';
import { type ControlAccess, controlSteps, reply } from '../control';
import type { TrafficEvent, TrafficFeed } from './feed';
import { servePage } from './page';

/** A comment line every 15 s keeps proxies and idle timers from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** Bytes a stream may have waiting for its reader before it is closed (the page reconnects and reloads the list). */
const MAX_BUFFERED = 4 * 1024 * 1024;

/** One Server-Sent Event (https://html.spec.whatwg.org/multipage/server-sent-events.html): `traffic` or `clear`. */
export function sseEvent(event: TrafficEvent): string {
  if (event.type === 'clear') return 'event: clear\ndata: {}\n\n';
  return `id: ${event.entry.id}\nevent: traffic\ndata: ${JSON.stringify(event.entry)}\n\n`;
}

/** `GET /_control/traffic/stream`: every entry recorded from now on, until the client goes away. */
function stream(feed: TrafficFeed) {
  return function trafficStream(ctx: Context): void {
    const out = new PassThrough();
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.status = 200;
    ctx.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    ctx.body = out;
    out.write(`retry: 2000\n: dcr-kit traffic, ring of ${feed.capacity}\n\n`);
    // A reader that stops reading (a paused tab, a stalled proxy) is let go rather than buffered without bound.
    const stop = feed.subscribe((event) => {
      if (out.writableLength > MAX_BUFFERED) return close();
      out.write(sseEvent(event));
    });
    const heartbeat = setInterval(() => out.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    function close(): void {
      stop();
      clearInterval(heartbeat);
      out.end();
    }
    // The response's close: the client went away or the server is closing (a request's own close means less).
    ctx.res.once('close', close);
  };
}

/** The inspector's routes; without a feed (`--traffic-buffer 0`) the traffic routes say recording is off. */
export function inspectorRoutes(feed: TrafficFeed | undefined, access: ControlAccess): Router {
  const router = new Router();
  const steps = controlSteps(access);
  const off = (ctx: Context) =>
    reply(ctx, 404, { error: 'not_found', message: 'traffic recording is off (--traffic-buffer 0); restart with a buffer size' });
  router.get('/', servePage);
  router.get('/_inspector/:file', servePage);
  router.get('/_control/traffic', ...steps, (ctx) =>
    feed ? reply(ctx, 200, { capacity: feed.capacity, entries: feed.list() }) : off(ctx),
  );
  router.delete('/_control/traffic', ...steps, (ctx) => {
    if (!feed) return off(ctx);
    feed.clear();
    ctx.status = 204;
  });
  router.get('/_control/traffic/stream', ...steps, (ctx) => (feed ? stream(feed)(ctx) : off(ctx)));
  return router;
}
