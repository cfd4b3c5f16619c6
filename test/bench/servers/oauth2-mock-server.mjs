// oauth2-mock-server 8 (the most used Node mock), as its README starts it: one RS256 key, loopback only.
import { OAuth2Server } from 'oauth2-mock-server';

const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
await server.start(Number(process.env.PORT), '127.0.0.1');
process.stdout.write('ready\n');
process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
