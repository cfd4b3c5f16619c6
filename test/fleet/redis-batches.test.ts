/**
 * The Redis store's write batches (core/redis-batches.ts): a response waits for the batches holding its writes and
 * fails when one was not taken, whatever happened meanwhile (a reload of the replica used to forget batches still on
 * their way, so `saved()` could resolve before Redis took them).
 */
import { describe, expect, it } from 'vitest';
import { Batches } from '../../mock-idp/core/redis-batches';

/** Batches whose script calls the test answers, one at a time. */
function controlled() {
  const calls: { args: string[]; answer(): void; fail(): void }[] = [];
  let failures = 0;
  const batches = new Batches(
    (args) =>
      new Promise((resolve, reject) =>
        calls.push({ args, answer: () => resolve(1), fail: () => reject(new Error('Command timed out')) }),
      ),
    () => failures++,
  );
  return { batches, calls, failures: () => failures };
}

const state = (promise: Promise<unknown>) =>
  Promise.race([
    promise.then(
      () => 'resolved',
      () => 'rejected',
    ),
    new Promise((r) => setTimeout(() => r('pending'), 20)),
  ]);

describe('Redis write batches', () => {
  it('send the writes of one turn as one call, and saved() waits until Redis answered it', async () => {
    const { batches, calls } = controlled();
    batches.add(1, 'set', 'm:a', 'k', '1', '');
    batches.add(2, 'set', 'm:a', 'l', '2', '');
    const saved = batches.saved(0);
    expect(await state(saved)).toBe('pending');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args).toEqual(['set', 'm:a', 'k', '1', '', 'set', 'm:a', 'l', '2', '']);
    calls[0]?.answer();
    expect(await state(saved)).toBe('resolved');
  });

  it('wait only for the batches holding writes after `since`, and fail those whose batch Redis did not take', async () => {
    const { batches, calls, failures } = controlled();
    batches.add(1, 'set', 'm:a', 'k', '1', '');
    batches.flush();
    batches.add(2, 'set', 'm:a', 'l', '2', '');
    batches.flush();
    // A request that began at version 1 waits for the second batch only.
    const second = batches.saved(1);
    const both = batches.saved(0);
    calls[1]?.answer();
    expect(await state(second)).toBe('resolved');
    expect(await state(both)).toBe('pending');
    calls[0]?.fail();
    expect(await state(both)).toBe('rejected');
    expect(failures()).toBe(1);
    // Asked after the failure (a reload may have run meanwhile): still refused to a request that began before it…
    expect(await state(batches.saved(0))).toBe('rejected');
    // …and not held against a request that began after it.
    batches.add(3, 'set', 'm:a', 'm', '3', '');
    const later = batches.saved(2);
    expect(await state(later)).toBe('pending');
    calls[2]?.answer();
    expect(await state(later)).toBe('resolved');
  });
});
