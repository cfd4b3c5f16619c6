/**
 * Fault injection: the failures real IdPs produce, on demand, per tenant and endpoint, once, N times or at a rate.
 * Rules come from the config file (`faults:`) and the control plane (`/_control/faults`); each request to a
 * tenant's route asks the table whether a rule matches before the endpoint runs. With no rules the check is one
 * size test.
 *
 * Kinds: latency (with jitter), a status in the endpoint's own error dialect (429/503 with Retry-After, 500, …),
 * a vendor's own error body by name (AADSTS7000215, Okta invalid_client, …), malformed JSON, a connection reset,
 * and tokens that are expired, not yet valid or issued by a skewed clock. Key rotation with a grace period is a
 * control-plane action (`POST /_control/tenants/:tenant/rotate-key`), not a per-request fault.
 */
import { z } from 'zod';
import { lazy } from '../core/lazy';
import { MemoryStore, queueKey, type Store, type StoreMap } from '../core/store';

/** What a route is, for fault matching. Routes that say nothing are registration or management APIs. */
export type EndpointKind = 'token' | 'discovery' | 'jwks' | 'introspection' | 'registration';
export const ENDPOINT_KINDS = ['token', 'discovery', 'jwks', 'introspection', 'registration'] as const;

const schemas = lazy(() => {
  const seconds = z.number().int().min(0).max(86_400);

  const fault = z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('latency'),
      ms: z.number().int().min(0).max(60_000),
      jitterMs: z.number().int().min(0).max(60_000).default(0),
    }),
    z.strictObject({
      type: z.literal('status'),
      status: z.number().int().min(400).max(599),
      /** Seconds, sent as `Retry-After` (default 1 for 429 and 503, none otherwise). */
      retryAfter: seconds.optional(),
    }),
    /** A vendor's own error body, by name (the tenant's vendor lists the names it knows). */
    z.strictObject({ type: z.literal('error'), error: z.string().min(1) }),
    z.strictObject({ type: z.literal('malformed-json') }),
    z.strictObject({ type: z.literal('reset') }),
    /** The token is already expired when it arrives (exp 60 s in the past). Token endpoints only. */
    z.strictObject({ type: z.literal('expired-token') }),
    /** The token is not valid yet: iat and nbf `seconds` in the future. Token endpoints only. */
    z.strictObject({ type: z.literal('future-token'), seconds: z.number().int().min(1).max(86_400).default(300) }),
    /** Every time claim moved by `seconds` (an IdP whose clock is off). Token endpoints only. */
    z.strictObject({ type: z.literal('clock-skew'), seconds: z.number().int().min(-86_400).max(86_400) }),
  ]);

  const rule = z.strictObject({
    /** A tenant id, `graph`, `dcr-bridge`, or `*` for all. */
    tenant: z.string().min(1),
    endpoint: z.enum([...ENDPOINT_KINDS, '*']).default('*'),
    /** Only requests with this method (default: any). */
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
    fault,
    /** How many requests it hits before it is spent (default: no limit). `times: 1` is "once". */
    times: z.number().int().min(1).optional(),
    /** The chance a matching request is hit, 0-1 (default 1). */
    rate: z.number().min(0).max(1).default(1),
  });
  return { fault, rule };
});

/** A fault rule as the config file and `POST /_control/faults` take it (built on first use). */
export const faultRuleSchema = () => schemas().rule;

type Schemas = ReturnType<typeof schemas>;
export type Fault = z.output<Schemas['fault']>;
export type FaultRuleInput = z.input<Schemas['rule']>;
export type FaultRuleSpec = z.output<Schemas['rule']>;
export type TokenTimeFault = Extract<Fault, { type: 'expired-token' | 'future-token' | 'clock-skew' }>;

const TOKEN_ONLY = new Set(['error', 'expired-token', 'future-token', 'clock-skew']);

export class FaultRuleError extends Error {}

export interface FaultRule extends FaultRuleSpec {
  id: string;
  /** Requests this rule has hit so far. */
  hits: number;
}

/** Compare-and-set attempts per hit: each lost one means another request's hit counted, so this is never reached. */
const MAX_TRIES = 10_000;
/** The one key of the id counter: the highest number a rule was given, by any process. */
const LAST = 'last';
/**
 * Where the n-th configured rule is kept: a fixed key (so every process, and every reset, writes the same one) that
 * sorts before every `queueKey()` (15 digits of time), so configured rules come first, as they were added first.
 */
const configuredKey = (n: number) => `${'0'.repeat(15)}.config.${String(n).padStart(6, '0')}`;

export class FaultTable {
  /** The rules with their hit counts, keyed by `queueKey()` (key order is rule order in any store). */
  private readonly rules: StoreMap<FaultRule>;
  /** The id counter (key LAST), shared like the rules. */
  private readonly numbers: StoreMap<number>;

  constructor(
    /** Checks a rule against the harness (known tenant, known error names); throws FaultRuleError. */
    private readonly check: (rule: FaultRuleSpec) => void = () => {},
    private readonly random: () => number = Math.random,
    /** The harness store: the rules are map `name`, the id counter map `<name>:ids` (neither kept by `--data`). */
    store: Store = new MemoryStore(),
    name = 'faults',
  ) {
    this.rules = store.map(name, { durable: false });
    this.numbers = store.map(`${name}:ids`, { durable: false });
  }

  get size(): number {
    return this.rules.size;
  }

  #ordered(): [string, FaultRule][] {
    return [...this.rules.keys()].sort().flatMap((key) => {
      const rule = this.rules.get(key);
      return rule ? [[key, rule] as [string, FaultRule]] : [];
    });
  }

  #parse(input: unknown): FaultRuleSpec {
    const parsed = faultRuleSchema().safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new FaultRuleError(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    const spec = parsed.data;
    if (TOKEN_ONLY.has(spec.fault.type) && spec.endpoint !== 'token') {
      throw new FaultRuleError(
        `endpoint: a "${spec.fault.type}" fault applies to token endpoints only (set "endpoint": "token")`,
      );
    }
    this.check(spec);
    return spec;
  }

  /**
   * Adds a rule (the control plane's, at run time) as `fault-N`, N one more than any number given before, by any
   * process sharing the store (issue 15): the number is claimed with a compare-and-set on the counter, decided by
   * the store, so two processes adding at once never make the same id. Rejects with FaultRuleError for a bad rule.
   */
  async add(input: unknown): Promise<FaultRule> {
    const spec = this.#parse(input);
    const rule: FaultRule = { ...spec, id: `fault-${await this.#claimNumber()}`, hits: 0 };
    this.rules.set(queueKey(), rule);
    return { ...rule };
  }

  /**
   * The configured rules (the config file's `faults:`), at start and after every reset: the n-th is `fault-n`, under
   * a fixed key, so every process writes the same rules (at start, while the store is seeding, only one process's
   * are kept: core/store.ts), and numbers claimed at run time start after them. Synchronous: plain writes only.
   * Throws FaultRuleError for a bad rule, before anything is written.
   */
  seed(inputs: readonly unknown[]): void {
    const specs = inputs.map((input) => this.#parse(input));
    for (const [i, spec] of specs.entries()) this.rules.set(configuredKey(i + 1), { ...spec, id: `fault-${i + 1}`, hits: 0 });
    if ((this.numbers.get(LAST) ?? 0) < specs.length) this.numbers.set(LAST, specs.length);
  }

  /** The next number, claimed: a lost compare-and-set means another process took one (the replica now has it). */
  async #claimNumber(): Promise<number> {
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const last = this.numbers.get(LAST);
      // Never below a rule the store holds, whatever became of the counter.
      const held = [...this.rules.values()].map((r) => Number(/^fault-(\d+)$/.exec(r.id)?.[1] ?? 0));
      const next = Math.max(last ?? 0, ...held) + 1;
      const claimed =
        last === undefined ? await this.numbers.setIfAbsent(LAST, next) : await this.numbers.compareAndSet(LAST, last, next);
      if (claimed) return next;
    }
    throw new Error(`no fault rule id claimed in ${MAX_TRIES} tries`);
  }

  list(): FaultRule[] {
    return this.#ordered().map(([, r]) => ({ ...r }));
  }

  remove(id: string): boolean {
    for (const [key, rule] of this.rules) if (rule.id === id) return this.rules.delete(key);
    return false;
  }

  clear(): void {
    this.rules.clear();
  }

  /** The fault for this request, if a rule hits it (counting the hit, and dropping a spent rule). */
  async take(target: string, endpoint: EndpointKind, method: string): Promise<Fault | undefined> {
    for (const [key, rule] of this.#ordered()) {
      if (rule.tenant !== '*' && rule.tenant !== target) continue;
      if (rule.endpoint !== '*' && rule.endpoint !== endpoint) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.rate < 1 && this.random() >= rule.rate) continue;
      if (rule.times === undefined) {
        // No limit: the rule hits whatever the count does; the count is only what `list()` reports.
        await this.#count(key, rule);
        return rule.fault;
      }
      if (await this.#spendOne(key, rule)) return rule.fault;
    }
    return undefined;
  }

  /**
   * Takes one of a limited rule's hits. A lost compare-and-set means another request counted first: try again with
   * the value the store holds now (the map has it after a lost race), until a hit is ours or the rule is spent.
   */
  async #spendOne(key: string, seen: FaultRule): Promise<boolean> {
    let rule: FaultRule | undefined = seen;
    for (let tries = 0; rule !== undefined && tries < MAX_TRIES; tries++, rule = this.rules.get(key)) {
      const counted = { ...rule, hits: rule.hits + 1 };
      const spent = rule.times !== undefined && counted.hits >= rule.times;
      // Compare-and-set: two requests never both spend a rule's last hit.
      if (await this.rules.compareAndSet(key, rule, spent ? undefined : counted)) return true;
    }
    return false;
  }

  /** Counts a hit of a rule without a limit (retried like `#spendOne`, until counted or the rule is removed). */
  async #count(key: string, seen: FaultRule): Promise<void> {
    let rule: FaultRule | undefined = seen;
    for (let tries = 0; rule !== undefined && tries < MAX_TRIES; tries++, rule = this.rules.get(key)) {
      if (await this.rules.compareAndSet(key, rule, { ...rule, hits: rule.hits + 1 })) return;
    }
  }
}
