// The practical limit for Node: koa, a hand-read form body, a constant-time Basic check, jose RS256 with a cached key.
import { timingSafeEqual } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import Koa from 'koa';

const { privateKey } = await generateKeyPair('RS256');
const expected = Buffer.from(`Basic ${Buffer.from('bench:bench-secret').toString('base64')}`);
const app = new Koa();
app.use(async (ctx) => {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  const given = Buffer.from(ctx.get('authorization'));
  if (
    given.length !== expected.length ||
    !timingSafeEqual(given, expected) ||
    params.get('grant_type') !== 'client_credentials'
  ) {
    ctx.status = 401;
    ctx.body = { error: 'invalid_client' };
    return;
  }
  const now = Math.floor(Date.now() / 1000);
  const accessToken = await new SignJWT({ scope: params.get('scope') ?? '', client_id: 'bench' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer('http://127.0.0.1')
    .setSubject('bench')
    .setAudience('api://bench')
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 };
});
app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
