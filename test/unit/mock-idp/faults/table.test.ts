/**
 * Fault rule ids (issue 15): `fault-N`, N claimed from a counter with a compare-and-set decided by the store, so
 * processes sharing a store never give one id twice; configured rules are `fault-1`…`fault-k` at start and after
 * every reset, and ids claimed at run time come after them.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore, type StoreMap } from '../../../../mock-idp/core/store';
import { FaultRuleError, FaultTable } from '../../../../mock-idp/faults';

const rule = (status: number) => ({ tenant: 'okta', fault: { type: 'status', status } });

/** A store whose id counter loses its first compare-and-set: another process claimed a number in between. */
class RacedStore extends MemoryStore {
  override map<V>(name: string, options?: { durable?: boolean }): StoreMap<V> {
    const map = super.map<V>(name, options);
    if (!name.endsWith(':ids')) return map;
    let raced = false;
    const compareAndSet = map.compareAndSet.bind(map);
    map.compareAndSet = async (key, expected, next) => {
      if (!raced) {
        raced = true;
        map.set(key, ((expected as number) + 1) as V);
        return false;
      }
      return compareAndSet(key, expected, next);
    };
    return map;
  }
}

describe('fault rule ids', () => {
  it('are fault-1… in order, never reused after a remove or a clear', async () => {
    const table = new FaultTable();
    expect((await table.add(rule(500))).id).toBe('fault-1');
    const second = await table.add(rule(501));
    expect(second.id).toBe('fault-2');
    expect(table.remove('fault-2')).toBe(true);
    expect((await table.add(rule(502))).id).toBe('fault-3');
    table.clear();
    expect((await table.add(rule(503))).id).toBe('fault-4');
  });

  it('are distinct for two tables on one store adding at once (two processes on one Redis)', async () => {
    const store = new MemoryStore();
    const tables = [new FaultTable(undefined, Math.random, store), new FaultTable(undefined, Math.random, store)];
    const added = await Promise.all(Array.from({ length: 20 }, (_, i) => (tables[i % 2] as FaultTable).add(rule(500 + i))));
    expect(new Set(added.map((r) => r.id)).size).toBe(20);
    expect(tables[1]?.list().map((r) => r.id)).toEqual(added.map((r) => r.id));
  });

  it('skip a number another process claimed first (a lost compare-and-set)', async () => {
    const table = new FaultTable(undefined, Math.random, new RacedStore());
    expect((await table.add(rule(500))).id).toBe('fault-1');
    expect((await table.add(rule(501))).id).toBe('fault-3');
  });

  it('of configured rules are fault-1…fault-k, again after a reset; rules added later come after them', async () => {
    const table = new FaultTable();
    table.seed([rule(500), rule(501)]);
    expect((await table.add(rule(502))).id).toBe('fault-3');
    table.clear();
    table.seed([rule(500), rule(501)]);
    expect((await table.add(rule(503))).id).toBe('fault-4');
    expect(table.list().map((r) => [r.id, r.fault])).toEqual([
      ['fault-1', { type: 'status', status: 500 }],
      ['fault-2', { type: 'status', status: 501 }],
      ['fault-4', { type: 'status', status: 503 }],
    ]);
  });

  it('are not given to a bad rule: add rejects and seed throws, before anything is written', async () => {
    const table = new FaultTable();
    await expect(table.add({ tenant: 'okta', fault: { type: 'status', status: 200 } })).rejects.toThrow(FaultRuleError);
    expect(() => table.seed([rule(500), { tenant: 'okta', fault: { type: 'nope' } }])).toThrow(FaultRuleError);
    expect(table.list()).toEqual([]);
    expect((await table.add(rule(500))).id).toBe('fault-1');
  });
});
