/**
 * The harness's local CA and server certificates, checked by Node's own TLS client (the one every SDK uses): a
 * handshake that trusts only the CA succeeds for each name the certificate was made for and fails for another.
 */
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCa, localCa, serverCredentials } from '../../../../mock-idp/core/tls';

const root = mkdtempSync(join(tmpdir(), 'dcr-kit-tls-'));

function get(port: number, host: string, ca: string, servername?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, ca, servername, path: '/' }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the local CA', () => {
  it('is made once: two harnesses starting together with one directory end with the same CA', async () => {
    const dir = join(root, 'race');
    const [a, b] = await Promise.all([localCa(dir), localCa(dir)]);
    expect(a.certPem).toBe(b.certPem);
    expect((await localCa(dir)).keyPem).toBe(a.keyPem);
    expect(readdirSync(dir)).toEqual(['ca-v1']);
    // The key is its owner's only; the folder is closed to others.
    expect(statSync(join(dir, 'ca-v1', 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o077).toBe(0);
    const cert = new X509Certificate(a.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toContain('CN=dcr-kit local CA');
  });

  it('is not kept in a directory other users can write', async () => {
    const dir = join(root, 'open');
    await localCa(dir);
    chmodSync(dir, 0o777);
    await expect(localCa(dir)).rejects.toThrow(
      /is writable by every user \(mode 777\): refusing to keep the harness's CA key there/,
    );
    chmodSync(dir, 0o770);
    await expect(localCa(dir)).rejects.toThrow(/is writable by its group \(mode 770\)/);
  });

  it('refuses a CA key that others can read', async () => {
    const dir = join(root, 'readable-key');
    await localCa(dir);
    chmodSync(join(dir, 'ca-v1', 'ca-key.pem'), 0o644);
    await expect(localCa(dir)).rejects.toThrow(/ca-key\.pem: not a private file of this user's \(mode 644\)/);
  });
});

describe('a server certificate signed by it', () => {
  let ca: LocalCa;
  let port: number;
  const server = createServer();
  beforeAll(async () => {
    ca = await localCa(join(root, 'server'));
    const credentials = await serverCredentials(ca, ['127.0.0.1', 'localhost', '[::1]']);
    server.setSecureContext(credentials);
    server.on('request', (_req, res) => res.end('hello over TLS'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is trusted for 127.0.0.1 and localhost by a client that trusts only the CA', async () => {
    expect(await get(port, '127.0.0.1', ca.certPem)).toBe('hello over TLS');
    expect(await get(port, '127.0.0.1', ca.certPem, 'localhost')).toBe('hello over TLS');
  });

  it('is refused for a name it was not made for, and by a client that does not trust the CA', async () => {
    await expect(get(port, '127.0.0.1', ca.certPem, 'evil.test')).rejects.toThrow(
      /Host: evil\.test\. is not in the cert's altnames/,
    );
    const other = await localCa(join(root, 'other'));
    await expect(get(port, '127.0.0.1', other.certPem)).rejects.toThrow(/unable to verify the first certificate|self[- ]signed/);
  });

  it('names every host and address it was asked for', async () => {
    const cert = new X509Certificate((await serverCredentials(ca, ['127.0.0.1', 'localhost', '[::1]', 'ci-box'])).cert);
    expect(cert.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost, IP Address:0:0:0:0:0:0:0:1, DNS:ci-box');
    expect(cert.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
  });
});
