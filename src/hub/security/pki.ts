import { promises as fs } from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';
import { fileExists, writeFileAtomic } from '../../util/files.js';

export interface ServingPki {
  caCert: string;
  cert: string;
  key: string;
}

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

/**
 * Loads the hub's CA and serving certificate from the data dir, creating them on first start.
 * Go clients (kubectl) reject CN-only certificates, so the serving certificate carries SANs for
 * every name a client on this machine uses, plus the host the hub listens on.
 */
export async function loadOrCreatePki(dataDir: string, host: string): Promise<ServingPki> {
  const dir = path.join(dataDir, 'pki');
  const files = { caCert: path.join(dir, 'ca.crt'), caKey: path.join(dir, 'ca.key'), cert: path.join(dir, 'server.crt'), key: path.join(dir, 'server.key') };
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (!(await fileExists(files.caCert)) || !(await fileExists(files.caKey))) {
    const notBeforeDate = new Date(Date.now() - 3600_000);
    const ca = await generate([{ name: 'commonName', value: 'lifeboat-hub-ca' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate: new Date(notBeforeDate.getTime() + TEN_YEARS_MS),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    });
    await writeFileAtomic(files.caKey, ca.private, 0o600);
    await writeFileAtomic(files.caCert, ca.cert, 0o644);
    await fs.rm(files.cert, { force: true });
  }
  const caCert = await fs.readFile(files.caCert, 'utf8');
  const caKey = await fs.readFile(files.caKey, 'utf8');
  const hostMarker = path.join(dir, 'server.hosts');
  const wantedHosts = servingHosts(host).join(',');
  const haveHosts = (await fileExists(hostMarker)) ? await fs.readFile(hostMarker, 'utf8') : '';
  if (!(await fileExists(files.cert)) || !(await fileExists(files.key)) || haveHosts !== wantedHosts) {
    const notBeforeDate = new Date(Date.now() - 3600_000);
    const altNames = servingHosts(host).map((h) => (isIp(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h }));
    const serving = await generate([{ name: 'commonName', value: 'lifeboat-hub' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate: new Date(notBeforeDate.getTime() + TEN_YEARS_MS),
      ca: { key: caKey, cert: caCert },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    });
    await writeFileAtomic(files.key, serving.private, 0o600);
    await writeFileAtomic(files.cert, serving.cert, 0o644);
    await writeFileAtomic(hostMarker, wantedHosts, 0o644);
  }
  return { caCert, cert: await fs.readFile(files.cert, 'utf8'), key: await fs.readFile(files.key, 'utf8') };
}

function servingHosts(host: string): string[] {
  const hosts = new Set(['127.0.0.1', '::1', 'localhost']);
  if (host && host !== '0.0.0.0' && host !== '::') hosts.add(host);
  return [...hosts];
}

function isIp(h: string): boolean {
  return /^[0-9.]+$/.test(h) || h.includes(':');
}
