import { describe, expect, it } from 'vitest';
import { Clock } from '../../../../mock-idp/core/clock';

describe('Clock', () => {
  it('follows its source until frozen, then stays put', () => {
    let source = 1_000_000;
    const clock = new Clock(() => source);
    expect(clock.now()).toBe(1_000_000);
    clock.freeze();
    source += 5_000;
    expect(clock.now()).toBe(1_000_000);
    expect(clock.state()).toMatchObject({ frozen: true, offsetSeconds: -5 });
  });

  it('advances a running clock by an offset and a frozen one in place', () => {
    let source = 0;
    const clock = new Clock(() => source);
    clock.advance(60);
    source = 1_000;
    expect(clock.now()).toBe(61_000);
    clock.freeze();
    clock.advance(-1);
    expect(clock.epoch()).toBe(60);
  });

  it('keeps the harness time when unfrozen, and reset returns to the source', () => {
    let source = 10_000;
    const clock = new Clock(() => source);
    clock.set(50_000);
    clock.freeze();
    source = 20_000;
    clock.unfreeze();
    expect(clock.now()).toBe(50_000);
    source = 21_000;
    expect(clock.now()).toBe(51_000);
    clock.reset();
    expect(clock.now()).toBe(21_000);
  });
});
