/**
 * `--tls`: a local certificate authority, made once and kept, and a server certificate it signs for each start.
 *
 * SDKs that refuse `http://` (MSAL, @azure/identity, the auth0 SDK, the Graph client's auth middleware) then talk to
 * the harness as to the real vendor, trusting the CA through Node's documented `NODE_EXTRA_CA_CERTS`
 * (https://nodejs.org/api/cli.html#node_extra_ca_certsfile) with no certificate check turned off.
 *
 * The CA lives in `<dir>/ca-v1/` (`ca.pem`, and `ca-key.pem` readable by its owner only). It is made in a private
 * temporary directory and renamed into place, so two harnesses starting at once with the same directory end with one
 * CA: the loser of the rename uses the winner's. Keys come from node:crypto; node-forge only builds and signs the
 * X.509 structures (no hand-written ASN.1).
 */
import { generateKeyPair as generateKeyPairCb, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { DataDirError, directoryProblem } from './data-dir';

const generateKeyPair = promisify(generateKeyPairCb);
const CA_FOLDER = 'ca-v1';
const DAY = 24 * 60 * 60 * 1000;

export interface LocalCa {
  /** The CA certificate's PEM file: what `NODE_EXTRA_CA_CERTS` names. */
  certFile: string;
  certPem: string;
  keyPem: string;
}

export interface ServerCredentials {
  cert: string;
  key: string;
}

/** Where the CA is kept without `--ca-dir` or `--data`: `$XDG_DATA_HOME/dcr-kit` or `~/.local/share/dcr-kit`. */
export function defaultCaDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DCR_KIT_CA_DIR) return env.DCR_KIT_CA_DIR;
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'dcr-kit');
}

async function rsaKey(): Promise<{ privateKey: string; publicKey: string }> {
  return generateKeyPair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A positive serial number of 16 random bytes (RFC 5280 §4.1.2.2: at most 20 octets, unique per CA). */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

async function makeCa(): Promise<{ certPem: string; keyPem: string }> {
  const { privateKey, publicKey } = await rsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + 3650 * DAY);
  const name = [
    { name: 'commonName', value: 'dcr-kit local CA' },
    { name: 'organizationName', value: 'dcr-kit mock IdP harness (local testing only)' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}

function readCa(folder: string): LocalCa | undefined {
  try {
    const certFile = join(folder, 'ca.pem');
    // The key must be a plain file of this user's, readable by no one else (not a link planted in its place).
    const key = lstatSync(join(folder, 'ca-key.pem'));
    if (!key.isFile() || key.uid !== (process.getuid?.() ?? key.uid) || (key.mode & 0o077) !== 0)
      throw new DataDirError(
        `${folder}/ca-key.pem: not a private file of this user's (mode ${(key.mode & 0o777).toString(8)}); move ${folder} away to make a new CA`,
      );
    return { certFile, certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(join(folder, 'ca-key.pem'), 'utf8') };
  } catch (error) {
    if (error instanceof DataDirError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataDirError(`${folder}: cannot read the local CA (${(error as NodeJS.ErrnoException).code})`);
  }
}

/** The directory must be the user's own and closed to others: it holds a key every local TLS client trusts. */
function checkDirectory(dir: string): void {
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) throw new DataDirError(`${dir}: not a directory (a symbolic link is refused)`);
  const problem =
    directoryProblem(stat, { uid: process.getuid?.() ?? stat.uid, gid: process.getgid?.() ?? stat.gid }) ??
    // Stricter than --data's rule: not even the user's own group may write where a trusted CA key lives.
    ((stat.mode & 0o020) !== 0 ? `is writable by its group (mode ${(stat.mode & 0o777).toString(8)})` : undefined);
  if (problem) throw new DataDirError(`${dir} ${problem}: refusing to keep the harness's CA key there`);
}

/** The CA kept in `dir` (made on first use). */
export async function localCa(dir: string): Promise<LocalCa> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  checkDirectory(dir);
  const folder = join(dir, CA_FOLDER);
  const kept = readCa(folder);
  if (kept) return kept;
  const made = await makeCa();
  const temporary = mkdtempSync(join(dir, '.ca-'));
  try {
    writeFileSync(join(temporary, 'ca-key.pem'), made.keyPem, { mode: 0o600, flag: 'wx' });
    writeFileSync(join(temporary, 'ca.pem'), made.certPem, { mode: 0o644, flag: 'wx' });
    renameSync(temporary, folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Another harness made it first: use that one.
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  const ca = readCa(folder);
  if (!ca) throw new DataDirError(`${folder}: the local CA vanished while it was made`);
  return ca;
}

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/i;

/**
 * A server certificate for `hosts` (names and IP addresses; brackets around IPv6 are dropped), signed by the CA,
 * valid from a day ago for 90 days (a restart makes a new one).
 */
export async function serverCredentials(ca: LocalCa, hosts: Iterable<string>): Promise<ServerCredentials> {
  const { privateKey, publicKey } = await rsaKey();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + 90 * DAY);
  cert.setSubject([{ name: 'commonName', value: 'dcr-kit mock IdP harness' }]);
  cert.setIssuer(caCert.subject.attributes);
  const names = [...new Set([...hosts].map((h) => h.replace(/^\[|\]$/g, '').toLowerCase()))].filter(Boolean);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // RFC 6125: clients match host names and addresses against the subjectAltName (type 2 dNSName, type 7 iPAddress).
    { name: 'subjectAltName', altNames: names.map((n) => (IP.test(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { cert: `${forge.pki.certificateToPem(cert)}${ca.certPem}`, key: privateKey };
}
