/**
 * Issue 12, part 2: the generic detector is right or silent. Every page of the corpus (test/fixtures/capture-corpus/)
 * runs through the capture code (adapters, then the generic detector) in one real Chromium; each case asserts exactly
 * the pair it shows, or nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus } from '../fixtures/capture-corpus';
import { CapturePages } from '../helpers/capture-page';

const pages = new CapturePages();
beforeAll(() => pages.start());
afterAll(() => pages.close());

describe('the generic detector on the capture corpus', () => {
  it('has at least 40 cases, positive and negative', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(corpus.filter((c) => c.expect).length).toBeGreaterThanOrEqual(15);
    expect(corpus.filter((c) => !c.expect).length).toBeGreaterThanOrEqual(15);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const found = await pages.find(`<!doctype html><html><body>${c.html}</body></html>`, undefined, c.settle);
    if (!c.expect) {
      expect(found).toBeUndefined();
      return;
    }
    expect(found && { clientId: found.clientId, clientSecret: found.clientSecret }).toEqual({
      clientId: c.expect.clientId,
      clientSecret: c.expect.clientSecret,
    });
    expect(found?.source).toBe(c.expect.source ?? 'generic');
    if (c.expect.anchor) expect(found?.anchor).toBe(c.expect.anchor);
  });
});
