/**
 * Fault rules from templates per tenant: its vendor's own errors by name (AADSTS…, Okta's, Auth0's), 429 with the
 * vendor's Retry-After, 503, 500, latency, an expired token, malformed JSON, a reset connection. The list shows
 * each rule's hits; Remove and Remove all. All through `/_control/faults` (faults/index.ts validates the rule).
 */
import { useEffect, useState } from 'preact/hooks';
import { call, problem } from './api';
import { Status } from './parts';

interface Target {
  tenant: string;
  vendor: string;
  errors: string[];
  defaultRetryAfter: number;
}

interface Rule {
  id: string;
  tenant: string;
  endpoint: string;
  method?: string;
  fault: Record<string, unknown> & { type: string };
  times?: number;
  hits: number;
}

interface Template {
  id: string;
  label: string;
  fault: Record<string, unknown>;
  /** Token endpoints only (faults/index.ts TOKEN_ONLY). */
  tokenOnly?: boolean;
}

export function templatesFor(target: Target | undefined): Template[] {
  const retry = target?.defaultRetryAfter ?? 1;
  return [
    {
      id: '429',
      label: `429 Too Many Requests, Retry-After ${retry} s`,
      fault: { type: 'status', status: 429, retryAfter: retry },
    },
    { id: '503', label: '503 Service Unavailable, Retry-After 1 s', fault: { type: 'status', status: 503, retryAfter: 1 } },
    { id: '500', label: '500 server error', fault: { type: 'status', status: 500 } },
    ...(target?.errors ?? []).map((name) => ({
      id: `error:${name}`,
      label: `${target?.vendor} error ${name}`,
      fault: { type: 'error', error: name },
      tokenOnly: true,
    })),
    { id: 'latency', label: '2 s latency', fault: { type: 'latency', ms: 2000 } },
    { id: 'expired', label: 'expired token', fault: { type: 'expired-token' }, tokenOnly: true },
    { id: 'malformed', label: 'malformed JSON', fault: { type: 'malformed-json' } },
    { id: 'reset', label: 'connection reset', fault: { type: 'reset' } },
  ];
}

function describe(rule: Rule): string {
  const f = rule.fault;
  const what =
    f.type === 'status'
      ? `${f.status}${f.retryAfter !== undefined ? ` (Retry-After ${f.retryAfter} s)` : ''}`
      : f.type === 'error'
        ? String(f.error)
        : f.type === 'latency'
          ? `${f.ms} ms latency`
          : f.type;
  return `${rule.tenant} · ${rule.endpoint}${rule.method ? ` ${rule.method}` : ''} → ${what}`;
}

export function FaultsSection(props: { guard: (run: () => Promise<void>) => Promise<void>; visible: boolean }) {
  const [targets, setTargets] = useState<Target[]>([]);
  const [rules, setRules] = useState<Rule[]>([]);
  const [tenant, setTenant] = useState('');
  const [template, setTemplate] = useState('429');
  const [endpoint, setEndpoint] = useState('token');
  const [times, setTimes] = useState('');
  const [status, setStatus] = useState<{ message: string; error?: boolean } | null>(null);

  const load = () =>
    props.guard(async () => {
      const [t, r] = await Promise.all([call('GET', '/_control/faults/targets'), call('GET', '/_control/faults')]);
      if (t.status === 200) {
        setTargets(t.json.tenants);
        setTenant((current) => current || t.json.tenants[0]?.tenant || '');
      }
      if (r.status === 200) setRules(r.json.faults);
    });
  useEffect(() => {
    if (!props.visible) return;
    void load();
    const timer = setInterval(() => void load(), 2000);
    return () => clearInterval(timer);
  }, [props.visible]);

  const target = targets.find((t) => t.tenant === tenant);
  const templates = templatesFor(target);
  const chosen = templates.find((t) => t.id === template) ?? templates[0];
  const add = () =>
    props.guard(async () => {
      if (!chosen) return;
      const rule = {
        tenant,
        endpoint: chosen.tokenOnly ? 'token' : endpoint,
        fault: chosen.fault,
        ...(times && { times: Number(times) }),
      };
      const res = await call('POST', '/_control/faults', rule);
      setStatus(
        res.status === 201 ? { message: `Added ${res.json.id}: ${describe(res.json)}` } : { message: problem(res), error: true },
      );
      await load();
    });
  const remove = (id?: string) =>
    props.guard(async () => {
      await call('DELETE', id ? `/_control/faults/${encodeURIComponent(id)}` : '/_control/faults');
      setStatus({ message: id ? `Removed ${id}` : 'Removed every rule' });
      await load();
    });

  return (
    <section class="card" aria-labelledby="faults-heading">
      <h2 id="faults-heading">Faults</h2>
      <form
        class="fields"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label>
          Tenant
          <select data-testid="fault-tenant" value={tenant} onChange={(e) => setTenant(e.currentTarget.value)}>
            {targets.map((t) => (
              <option key={t.tenant} value={t.tenant}>
                {t.tenant} ({t.vendor})
              </option>
            ))}
            <option value="*">every tenant</option>
          </select>
        </label>
        <label>
          Fault
          <select data-testid="fault-template" value={template} onChange={(e) => setTemplate(e.currentTarget.value)}>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Endpoint
          <select
            data-testid="fault-endpoint"
            value={chosen?.tokenOnly ? 'token' : endpoint}
            disabled={chosen?.tokenOnly}
            onChange={(e) => setEndpoint(e.currentTarget.value)}
          >
            {['token', 'registration', 'discovery', 'jwks', 'introspection', '*'].map((k) => (
              <option key={k} value={k}>
                {k === '*' ? 'any' : k}
              </option>
            ))}
          </select>
        </label>
        <label>
          Times (empty: every request)
          <input
            data-testid="fault-times"
            type="number"
            min="1"
            inputMode="numeric"
            value={times}
            onInput={(e) => setTimes(e.currentTarget.value)}
          />
        </label>
        <button type="submit" data-testid="fault-add">
          Add fault
        </button>
      </form>
      <Status message={status?.message ?? null} error={status?.error ?? false} testid="fault-status" />
      <ul class="rules" data-testid="fault-list" aria-label="Active fault rules">
        {rules.map((r) => (
          <li key={r.id} data-testid="fault-rule">
            <span>
              <strong>{r.id}</strong> {describe(r)} · <span data-testid="fault-hits">hits {r.hits}</span>
              {r.times ? ` of ${r.times}` : ''}
            </span>
            <button type="button" class="secondary small" aria-label={`Remove ${r.id}`} onClick={() => void remove(r.id)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {rules.length === 0 ? (
        <p class="muted">No fault rules.</p>
      ) : (
        <button type="button" class="secondary" onClick={() => void remove()}>
          Remove all
        </button>
      )}
    </section>
  );
}
