import { describe, expect, it } from 'vitest';
import { localTime, relative, timeLeft, when } from '../../../../extension/ui/parts/time';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

describe('times as people read them', () => {
  it('says how far away a time is, in whole units rounded toward zero', () => {
    expect(relative(NOW + 45_000, NOW)).toBe('in 45 s');
    expect(relative(NOW - 3 * 60_000 - 59_000, NOW)).toBe('3 min ago');
    expect(relative(NOW + 86_399_500, NOW)).toBe('in 23 h 59 min');
    expect(relative(NOW + 2 * 3_600_000, NOW)).toBe('in 2 h');
    expect(relative(NOW + 86_400_000, NOW)).toBe('in 1 day');
    expect(relative(NOW - 3 * 86_400_000, NOW)).toBe('3 days ago');
    expect(relative(NOW + 400, NOW)).toBe('just now');
  });

  it('counts a token down, and says when it expired', () => {
    expect(timeLeft(NOW + 3_599_000, NOW)).toBe('59 min left');
    expect(timeLeft(NOW + 500, NOW)).toBe('expiring now');
    expect(timeLeft(NOW, NOW)).toBe('expired just now');
    expect(timeLeft(NOW - 120_000, NOW)).toBe('expired 2 min ago');
  });

  it('gives the local clock time, with the date when it is not today', () => {
    expect(localTime(NOW + 60_000, NOW)).toBe(
      new Date(NOW + 60_000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    );
    expect(localTime(NOW - 3 * 86_400_000, NOW)).toContain(new Date(NOW - 3 * 86_400_000).toLocaleDateString());
    expect(when(NOW + 3_600_000, NOW)).toMatch(/ \(in 1 h\)$/);
  });
});
