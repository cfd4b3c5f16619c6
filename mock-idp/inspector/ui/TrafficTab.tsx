/**
 * Live traffic: newest first, streamed; filter by tenant, client and status class; pause; clear. A row opens its
 * detail: request headers and body, the response, and for a token response the decoded header and claims (the feed
 * keeps a token without its signature: readable, not replayable; see ../redact.ts).
 */
import { useState } from 'preact/hooks';
import type { HarnessManifest } from '../../../shared/harness/manifest';
import type { TrafficEntry } from '../feed';
import { tokenInBody } from './jwt';
import { Json, time } from './parts';
import type { Traffic } from './useTraffic';

const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'];

function matches(e: TrafficEntry, f: { tenant: string; client: string; status: string }): boolean {
  if (f.tenant && (e.tenant ?? e.vendor) !== f.tenant) return false;
  if (f.client && !(e.clientId ?? '').includes(f.client)) return false;
  if (f.status && `${String(e.status)[0]}xx` !== f.status) return false;
  return true;
}

function Detail(props: { entry: TrafficEntry }) {
  const e = props.entry;
  const token = tokenInBody(e.response.body);
  let response: unknown = e.response.body;
  try {
    response = e.response.body ? JSON.parse(e.response.body) : null;
  } catch {
    // not JSON: shown as text
  }
  return (
    <section class="card detail" aria-labelledby="detail-heading" data-testid="traffic-detail">
      <h2 id="detail-heading">
        {e.method} {e.path} → {e.status}
      </h2>
      <p class="muted">
        {time(e.at)} · {e.ms} ms · {e.vendor}
        {e.tenant && e.tenant !== e.vendor ? ` (${e.tenant})` : ''} · client {e.clientId ?? '—'}
      </p>
      {token && (
        <>
          <h3>Token header</h3>
          <Json value={token.header} testid="token-header" />
          <h3>Token claims</h3>
          <Json value={token.claims} testid="token-claims" />
        </>
      )}
      <h3>Request headers</h3>
      <Json value={e.request.headers} />
      <h3>Request body</h3>
      <Json value={e.request.body ?? '(none)'} testid="request-body" />
      <h3>Response headers</h3>
      <Json value={e.response.headers} />
      <h3>Response body</h3>
      <Json value={response ?? '(none)'} testid="response-body" />
    </section>
  );
}

/** Rows rendered at most (newest first). */
const ROWS_SHOWN = 500;

export function TrafficTab(props: { traffic: Traffic; manifest: HarnessManifest | undefined }) {
  const { traffic } = props;
  const [filter, setFilter] = useState({ tenant: '', client: '', status: '' });
  const [selected, setSelected] = useState<number | null>(null);
  const matching = traffic.entries.filter((e) => matches(e, filter));
  // The newest rows only: a page of 100,000 buttons would freeze the tab (the filters reach the older ones).
  const shown = matching.slice(0, ROWS_SHOWN);
  const entry = traffic.entries.find((e) => e.id === selected);
  const tenants = [
    ...new Set([...(props.manifest?.tenants.map((t) => t.id) ?? []), ...traffic.entries.map((e) => e.tenant ?? e.vendor)]),
  ];
  if (traffic.state === 'off') return <p>Traffic recording is off: this harness runs with --traffic-buffer 0.</p>;
  return (
    <>
      <div class="toolbar">
        <label>
          Tenant
          <select
            data-testid="filter-tenant"
            value={filter.tenant}
            onChange={(e) => setFilter({ ...filter, tenant: e.currentTarget.value })}
          >
            <option value="">all</option>
            {tenants.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Client
          <input
            data-testid="filter-client"
            value={filter.client}
            onInput={(e) => setFilter({ ...filter, client: e.currentTarget.value })}
          />
        </label>
        <label>
          Status
          <select
            data-testid="filter-status"
            value={filter.status}
            onChange={(e) => setFilter({ ...filter, status: e.currentTarget.value })}
          >
            <option value="">all</option>
            {STATUS_CLASSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          class="secondary"
          data-testid="traffic-pause"
          aria-pressed={traffic.paused}
          onClick={() => traffic.setPaused(!traffic.paused)}
        >
          {traffic.paused ? `Resume${traffic.waiting ? ` (${traffic.waiting} new)` : ''}` : 'Pause'}
        </button>
        <button type="button" class="secondary" data-testid="traffic-clear" onClick={() => void traffic.clear()}>
          Clear
        </button>
      </div>
      <p class="muted">
        {matching.length} of {traffic.entries.length} requests
        {matching.length > shown.length ? `, the newest ${shown.length} shown` : ''} (the harness keeps the newest{' '}
        {traffic.capacity})
      </p>
      <div class="traffic">
        <ol class="rows" data-testid="traffic-list" aria-label="Requests, newest first">
          {shown.map((e) => (
            <li key={e.id}>
              <button
                type="button"
                class={`row${e.id === selected ? ' selected' : ''}`}
                aria-pressed={e.id === selected}
                data-testid="traffic-row"
                data-status={e.status}
                onClick={() => setSelected(e.id === selected ? null : e.id)}
              >
                <span class={`status s${String(e.status)[0]}`}>{e.status}</span>
                <span class="method">{e.method}</span>
                <span class="path">{e.path}</span>
                <span class="vendor">{e.tenant && e.tenant !== e.vendor ? `${e.vendor} · ${e.tenant}` : e.vendor}</span>
                <span class="ms">{e.ms} ms</span>
                <span class="client">{e.clientId ?? ''}</span>
              </button>
            </li>
          ))}
        </ol>
        {entry && <Detail entry={entry} />}
      </div>
    </>
  );
}
