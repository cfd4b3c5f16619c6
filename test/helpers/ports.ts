/**
 * Ports for tests that stop a harness and start it again on the same ports (a restart with `--data`). A port picked
 * with `port: 0` comes from Linux's ephemeral range (32768–60999), where the suite's own client sockets land too: in
 * the moment between the stop and the restart one of them can take it. These come from below that range, with P,
 * P+1 and P+2 free (the portal and the gateway serve on the next two).
 */
import { createServer } from 'node:net';

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function quietPortTrio(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if ((await bindable(port)) && (await bindable(port + 1)) && (await bindable(port + 2))) return port;
  }
  throw new Error('no three free consecutive ports found between 20000 and 32000');
}
