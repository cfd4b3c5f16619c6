/**
 * Controls, each one call to the existing control API (control/index.ts): the clock (freeze, set, advance, with the
 * harness time shown), claims for the next token, fault rules (FaultsSection.tsx), key rotation with a grace period,
 * and reset. Nothing here changes state any other way.
 */
import { useEffect, useState } from 'preact/hooks';
import type { HarnessManifest } from '../../../shared/harness/manifest';
import type { ClockState } from '../../core/clock';
import { call, NeedsToken, problem } from './api';
import { FaultsSection } from './FaultsSection';
import { Status } from './parts';

interface Props {
  manifest: HarnessManifest | undefined;
  onNeedsToken: () => void;
  tokenVersion: number;
  visible: boolean;
}

type Outcome = { message: string; error?: boolean } | null;

function TenantSelect(props: {
  id: string;
  manifest: HarnessManifest | undefined;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <select id={props.id} data-testid={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
      {props.manifest?.tenants.map((t) => (
        <option key={t.id} value={t.id}>
          {t.id} ({t.vendor})
        </option>
      ))}
    </select>
  );
}

function ClockSection(props: { guard: Guard; visible: boolean }) {
  const [clock, setClock] = useState<ClockState | null>(null);
  const [setTo, setSetTo] = useState('');
  const [advance, setAdvance] = useState('3600');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const load = () =>
    props.guard(async () => {
      const res = await call<ClockState>('GET', '/_control/clock');
      if (res.status === 200) setClock(res.json);
    });
  useEffect(() => {
    if (!props.visible) return;
    void load();
    const timer = setInterval(() => void load(), 1000);
    return () => clearInterval(timer);
  }, [props.visible]);
  const change = (body: Record<string, unknown>) =>
    props.guard(async () => {
      const res = await call<ClockState>('POST', '/_control/clock', body);
      if (res.status === 200) {
        setClock(res.json);
        setOutcome({ message: `Harness time is now ${res.json.now}${res.json.frozen ? ' (frozen)' : ''}` });
      } else setOutcome({ message: problem(res), error: true });
    });
  return (
    <section class="card" aria-labelledby="clock-heading">
      <h2 id="clock-heading">Clock</h2>
      <p>
        Harness time <output data-testid="clock-now">{clock?.now ?? '…'}</output>{' '}
        <span data-testid="clock-frozen">{clock?.frozen ? '(frozen)' : '(running)'}</span>, offset {clock?.offsetSeconds ?? 0} s
      </p>
      <div class="fields">
        <button type="button" data-testid="clock-freeze" onClick={() => void change({ freeze: !clock?.frozen })}>
          {clock?.frozen ? 'Unfreeze' : 'Freeze'}
        </button>
        <label>
          Set to (UTC, ISO 8601)
          <input
            data-testid="clock-set-value"
            placeholder="2030-01-01T00:00:00Z"
            value={setTo}
            onInput={(e) => setSetTo(e.currentTarget.value)}
          />
        </label>
        <button type="button" class="secondary" data-testid="clock-set" onClick={() => void change({ set: setTo.trim() })}>
          Set
        </button>
        <label>
          Advance by (seconds)
          <input
            data-testid="clock-advance-value"
            type="number"
            inputMode="numeric"
            value={advance}
            onInput={(e) => setAdvance(e.currentTarget.value)}
          />
        </label>
        <button
          type="button"
          class="secondary"
          data-testid="clock-advance"
          onClick={() => void change({ advance: Number(advance) })}
        >
          Advance
        </button>
      </div>
      <Status message={outcome?.message ?? null} error={outcome?.error ?? false} testid="clock-status" />
    </section>
  );
}

function ClaimsSection(props: { guard: Guard; manifest: HarnessManifest | undefined }) {
  const [tenant, setTenant] = useState('');
  const [clientId, setClientId] = useState('');
  const [claims, setClaims] = useState('{\n  "qa": true\n}');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const chosen = tenant || props.manifest?.tenants[0]?.id || '';
  const queue = () =>
    props.guard(async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(claims);
      } catch {
        return setOutcome({ message: 'Claims must be a JSON object', error: true });
      }
      const res = await call('POST', `/_control/tenants/${encodeURIComponent(chosen)}/next-token`, {
        claims: parsed,
        ...(clientId && { clientId }),
      });
      setOutcome(
        res.status === 200
          ? { message: `Queued for ${chosen}'s next token (${res.json.queued} waiting)` }
          : { message: problem(res), error: true },
      );
    });
  return (
    <section class="card" aria-labelledby="claims-heading">
      <h2 id="claims-heading">Claims for the next token</h2>
      <div class="fields">
        <label for="claims-tenant">Tenant</label>
        <TenantSelect id="claims-tenant" manifest={props.manifest} value={chosen} onChange={setTenant} />
        <label>
          Only for client (optional)
          <input data-testid="claims-client" value={clientId} onInput={(e) => setClientId(e.currentTarget.value)} />
        </label>
      </div>
      <label for="claims-json">Claims (JSON, merged over the token's own)</label>
      <textarea
        id="claims-json"
        data-testid="claims-json"
        rows={4}
        value={claims}
        onInput={(e) => setClaims(e.currentTarget.value)}
      />
      <button type="button" data-testid="claims-queue" onClick={() => void queue()}>
        Queue claims
      </button>
      <Status message={outcome?.message ?? null} error={outcome?.error ?? false} testid="claims-status" />
    </section>
  );
}

function KeysSection(props: { guard: Guard; manifest: HarnessManifest | undefined }) {
  const [tenant, setTenant] = useState('');
  const [grace, setGrace] = useState('300');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const chosen = tenant || props.manifest?.tenants[0]?.id || '';
  const rotate = () =>
    props.guard(async () => {
      const res = await call('POST', `/_control/tenants/${encodeURIComponent(chosen)}/rotate-key`, {
        graceSeconds: Number(grace),
      });
      setOutcome(
        res.status === 200
          ? { message: `${chosen} signs with kid ${res.json.kid} now; ${res.json.previousKid} stays published for ${grace} s` }
          : { message: problem(res), error: true },
      );
    });
  return (
    <section class="card" aria-labelledby="keys-heading">
      <h2 id="keys-heading">Signing keys</h2>
      <div class="fields">
        <label for="rotate-tenant">Tenant</label>
        <TenantSelect id="rotate-tenant" manifest={props.manifest} value={chosen} onChange={setTenant} />
        <label>
          Grace for the old key (seconds)
          <input
            data-testid="rotate-grace"
            type="number"
            min="0"
            inputMode="numeric"
            value={grace}
            onInput={(e) => setGrace(e.currentTarget.value)}
          />
        </label>
        <button type="button" data-testid="rotate-key" onClick={() => void rotate()}>
          Rotate key
        </button>
      </div>
      <Status message={outcome?.message ?? null} error={outcome?.error ?? false} testid="rotate-status" />
    </section>
  );
}

function ResetSection(props: { guard: Guard }) {
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const reset = () =>
    props.guard(async () => {
      setConfirming(false);
      const res = await call('POST', '/_control/reset');
      setOutcome(
        res.status === 200
          ? { message: 'Every tenant is back to its seed, the clock to real time.' }
          : { message: problem(res), error: true },
      );
    });
  return (
    <section class="card" aria-labelledby="reset-heading">
      <h2 id="reset-heading">Reset</h2>
      <p>Clients, grants, queued claims, faults, portal applications and the clock back to the start.</p>
      {confirming ? (
        <button type="button" class="danger" data-testid="reset-confirm" onClick={() => void reset()}>
          Confirm reset
        </button>
      ) : (
        <button type="button" class="secondary" data-testid="reset" onClick={() => setConfirming(true)}>
          Reset the harness
        </button>
      )}
      <Status message={outcome?.message ?? null} error={outcome?.error ?? false} testid="reset-status" />
    </section>
  );
}

type Guard = (run: () => Promise<void>) => Promise<void>;

export function ControlsTab(props: Props) {
  const guard: Guard = async (run) => {
    try {
      await run();
    } catch (error) {
      if (error instanceof NeedsToken) props.onNeedsToken();
    }
  };
  return (
    <div class="grid">
      <ClockSection guard={guard} visible={props.visible} />
      <FaultsSection guard={guard} visible={props.visible} />
      <ClaimsSection guard={guard} manifest={props.manifest} />
      <KeysSection guard={guard} manifest={props.manifest} />
      <ResetSection guard={guard} />
    </div>
  );
}
