/** `mock-idp --traffic-buffer <n>` (issue 13): bad values are refused with the flag or the limit named, exit code 2. */
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli';

describe('--traffic-buffer', () => {
  it('refuses something that is not a number, naming the flag', async () => {
    expect(await run(['--traffic-buffer', 'lots', '--port', '0'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'mock-idp: --traffic-buffer: "lots" is not a number of requests (0 turns recording off)\n',
    });
  });

  it('refuses a size over the limit, naming it', async () => {
    expect(await run(['--traffic-buffer', '200000', '--port', '0'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'mock-idp: invalid configuration: trafficBuffer: 200000 is not a whole number of requests from 0 (off) to 100000\n',
    });
  });
});
