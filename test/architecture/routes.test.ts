/**
 * The whole URL surface in one file a newcomer reads: every `METHOD path` the harness, portal and gateway origins
 * answer with the default configuration, in matching order. A route added (or lost) by accident changes
 * `routes.txt` and shows up in review; update it with `npx vitest run test/architecture/routes.test.ts -u`.
 */
import { expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';

const harness = useHarness({}, { resetBeforeEach: false });

it('answers exactly the routes listed in routes.txt', async () => {
  const routes = harness().routes();
  const text = Object.entries(routes)
    .map(([origin, lines]) => `# ${origin} origin\n${lines.join('\n')}\n`)
    .join('\n');
  await expect(text).toMatchFileSnapshot('routes.txt');
});
