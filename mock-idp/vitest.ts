/**
 * Vitest helper for other projects' suites:
 *
 *   const harness = useHarness();
 *   it('gets a token', async () => { const { tokenEndpoint } = harness().manifest.tenants[0]; … });
 *
 * Starts one harness on a free port before the file's tests, resets it before each test, closes it after.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Harness, type HarnessOptions, startHarness } from './harness';

export function useHarness(options: HarnessOptions = {}, { resetBeforeEach = true } = {}): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness({ port: 0, ...options });
  });
  if (resetBeforeEach) beforeEach(() => harness?.control.reset());
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('useHarness(): the harness is not started yet (call it inside a test or hook)');
    return harness;
  };
}

export { type Harness, type HarnessOptions, startHarness };
