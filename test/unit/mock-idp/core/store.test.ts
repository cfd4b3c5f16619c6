/** The memory store: the operations a shared store must make atomic, and which writes count as changes to save. */
import { describe, expect, it } from 'vitest';
import { NextTokenClaims } from '../../../../mock-idp/core/recorder';
import { MemoryStore } from '../../../../mock-idp/core/store';

describe('MemoryStore maps', () => {
  it('gives one collection per name, and counts durable writes only', () => {
    const store = new MemoryStore();
    const clients = store.map<{ secret: string }>('okta/clients');
    expect(store.map('okta/clients')).toBe(clients);
    const sessions = store.map<string>('portal/sessions', { durable: false });
    clients.set('a', { secret: 's1' });
    expect(store.changes.version).toBe(1);
    sessions.set('t', 'dev');
    sessions.delete('t');
    expect(store.changes.version).toBe(1);
    clients.delete('missing');
    expect(store.changes.version).toBe(1);
    clients.delete('a');
    expect(store.changes.version).toBe(2);
  });

  it('creates a record only when its key is free', async () => {
    const map = new MemoryStore().map<string>('ids');
    expect(await map.setIfAbsent('x', 'first')).toBe(true);
    expect(await map.setIfAbsent('x', 'second')).toBe(false);
    expect(map.get('x')).toBe('first');
  });

  it('replaces or deletes a record only when it still has the value read (a single-use token is spent once)', async () => {
    const map = new MemoryStore().map<{ uses: number }>('tokens');
    const read = { uses: 0 };
    map.set('t', read);
    expect(await map.compareAndSet('t', read, undefined)).toBe(true);
    expect(map.has('t')).toBe(false);
    expect(await map.compareAndSet('t', read, undefined)).toBe(false);
    // By value, not identity: a replica refreshed from a shared store holds equal copies.
    map.set('u', { uses: 0 });
    expect(await map.compareAndSet('u', { uses: 0 }, { uses: 1 })).toBe(true);
    expect(await map.compareAndSet('u', { uses: 0 }, { uses: 2 })).toBe(false);
    expect(map.get('u')).toEqual({ uses: 1 });
  });

  it('gives two queues on one store keys that never collide, in insertion order', async () => {
    const store = new MemoryStore();
    // Two processes' queues on one shared store: the same named map.
    const a = new NextTokenClaims(store.map('next-claims', { durable: false }));
    const b = new NextTokenClaims(store.map('next-claims', { durable: false }));
    a.push({ n: 1 });
    b.push({ n: 2 });
    a.push({ n: 3 });
    expect(a.size).toBe(3);
    expect([await b.take('c'), await a.take('c'), await b.take('c')]).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('loads saved entries without counting them as changes', () => {
    const store = new MemoryStore();
    const map = store.map<number>('n');
    map.load([
      ['a', 1],
      ['b', 2],
    ]);
    expect([...map.entries()]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(store.changes.version).toBe(0);
  });
});

describe('MemoryStore lists', () => {
  it('keep the newest items, oldest first', () => {
    const list = new MemoryStore().list<number>('journal', 3);
    for (const n of [1, 2, 3, 4, 5]) list.push(n);
    expect(list.items()).toEqual([3, 4, 5]);
    list.clear();
    list.push(6);
    expect(list.items()).toEqual([6]);
  });
});
