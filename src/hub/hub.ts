import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type https from 'node:https';
import pino, { type Logger } from 'pino';
import { stringify as toYaml } from 'yaml';
import { SqliteStore } from './storage/sqlite-store.js';
import { Committer } from './storage/committer.js';
import { WatchHub } from './storage/watch-hub.js';
import { ChangeCache, type ChangeCacheOptions } from './storage/change-cache.js';
import { ResourceRegistry } from './registry/registry.js';
import { RestStore } from './rest/rest-store.js';
import { systemClock, type Clock } from '../kube/clock.js';
import type { HubContext } from './rest/context.js';
import { TokenAuthenticator, hashToken, newToken } from './security/tokens.js';
import { loadOrCreatePki } from './security/pki.js';
import { createApiServer } from './http/server.js';
import { NamespaceController } from './controllers/namespace-controller.js';
import { NamespaceDefaultsController } from './controllers/namespace-defaults.js';
import { GarbageCollector } from './controllers/garbage-collector.js';
import { CrdController } from './controllers/crd-controller.js';
import { DEFAULT_MAINTENANCE, Maintenance, type MaintenanceOptions } from './controllers/maintenance.js';
import { fileExists, writeFileAtomic } from '../util/files.js';
import { ApiError } from './errors.js';

export interface HubOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  host: string;
  log?: Logger;
  clock?: Pick<Clock, 'now'>;
  maintenance?: Partial<MaintenanceOptions>;
  bookmarkIntervalMs?: number;
  gcSweepIntervalMs?: number;
  /** Bounds of the watch cache (tests make it small to exercise its edges). */
  watchCache?: Partial<ChangeCacheOptions>;
  /** Where the local Job runner writes container logs, served as pods/{name}/log (src/util/pod-logs.ts). */
  podLogDir?: string;
  /** Default true: every acknowledged write survives power loss (an fsync per commit). */
  powerLossSafe?: boolean;
}

const BOOT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const SHUTDOWN_GRACE_MS = 5000;

/**
 * The embedded hub: a Kubernetes-compatible API server persisted in SQLite, with the control-plane
 * loops a real cluster runs (namespace lifecycle, garbage collection, CRD cleanup, event TTL).
 */
export class EmbeddedHub {
  private inFlight = 0;
  private readonly watches = new Set<() => void>();
  private stopping?: Promise<void>;

  private constructor(
    readonly ctx: HubContext,
    readonly rest: RestStore,
    readonly url: string,
    readonly kubeconfigPath: string,
    readonly caCert: string,
    private readonly adminToken: string,
    private readonly server: https.Server,
    private readonly auth: TokenAuthenticator,
    readonly controllers: {
      namespaces: NamespaceController;
      namespaceDefaults: NamespaceDefaultsController;
      gc: GarbageCollector;
      crds: CrdController;
      maintenance: Maintenance;
    },
    private readonly log: Logger,
  ) {}

  static async start(opts: HubOptions): Promise<EmbeddedHub> {
    const log = opts.log ?? pino({ level: process.env.LIFEBOAT_LOG_LEVEL ?? 'info' });
    const dataDir = path.resolve(opts.dataDir);
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    const pki = await loadOrCreatePki(dataDir, opts.host);
    // SQLite gives its -wal and -shm files the database file's mode: create it 0600 first, since
    // all of them hold Secrets.
    const dbFile = path.join(dataDir, 'hub.db');
    await (await fs.open(dbFile, 'a', 0o600)).close();
    await fs.chmod(dbFile, 0o600);
    const store = new SqliteStore(dbFile, { powerLossSafe: opts.powerLossSafe });
    const watchHub = new WatchHub();
    const changeCache = new ChangeCache(store, opts.watchCache);
    const committer = new Committer(store, (changes) => {
      changeCache.publish(changes);
      watchHub.publish(changes);
    });
    const ctx: HubContext = { store, committer, registry: new ResourceRegistry(), watchHub, changeCache, clock: opts.clock ?? systemClock };
    const rest = new RestStore(ctx);
    const auth = new TokenAuthenticator(store);
    const adminToken = await loadOrCreateAdminToken(dataDir, store);

    const crds = new CrdController(ctx, rest, log.child({ controller: 'crd' }));
    crds.load();
    crds.start();
    await bootNamespaces(rest, ctx);
    const namespaces = new NamespaceController(ctx, rest, log.child({ controller: 'namespace' }));
    const namespaceDefaults = new NamespaceDefaultsController(ctx, rest, pki.caCert, log.child({ controller: 'namespace-defaults' }));
    const gc = new GarbageCollector(ctx, rest, log.child({ controller: 'garbage-collector' }), opts.gcSweepIntervalMs);
    const maintenance = new Maintenance(ctx, rest, log.child({ controller: 'maintenance' }), { ...DEFAULT_MAINTENANCE, ...opts.maintenance });
    namespaces.start();
    namespaceDefaults.start();
    gc.start();
    maintenance.start();

    let hub: EmbeddedHub | undefined = undefined;
    const server = createApiServer({
      key: pki.key,
      cert: pki.cert,
      auth,
      log: log.child({ component: 'apiserver' }),
      deps: {
        ctx,
        rest,
        bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 60_000,
        podLogDir: opts.podLogDir,
        trackWatch: (end) => {
          hub?.watches.add(end);
          return () => hub?.watches.delete(end);
        },
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const clientHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
    const url = `https://${clientHost.includes(':') ? `[${clientHost}]` : clientHost}:${port}`;
    const kubeconfigPath = path.join(dataDir, 'kubeconfig');
    hub = new EmbeddedHub(ctx, rest, url, kubeconfigPath, pki.caCert, adminToken, server, auth, { namespaces, namespaceDefaults, gc, crds, maintenance }, log);
    server.on('request', (_req, res) => {
      hub.inFlight += 1;
      res.once('close', () => (hub.inFlight -= 1));
    });
    await writeFileAtomic(kubeconfigPath, hub.kubeconfig(adminToken), 0o600);
    log.info({ url, dataDir }, 'hub ready');
    return hub;
  }

  /** A kubeconfig for this hub with the given bearer token. */
  kubeconfig(token: string = this.adminToken, contextNamespace = 'default'): string {
    return toYaml({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'lifeboat', cluster: { server: this.url, 'certificate-authority-data': Buffer.from(this.caCert).toString('base64') } }],
      users: [{ name: 'lifeboat-admin', user: { token } }],
      contexts: [{ name: 'lifeboat', context: { cluster: 'lifeboat', user: 'lifeboat-admin', namespace: contextNamespace } }],
      'current-context': 'lifeboat',
    });
  }

  /** A new bearer token; with `expiresAt` (epoch ms) it is refused (401) from then on. */
  createToken(name: string, readOnly: boolean, expiresAt?: number): string {
    return this.auth.create(name, readOnly, expiresAt);
  }

  /** Resolves when the hub's own controllers have nothing queued (tests). */
  async settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setImmediate(r));
      await Promise.all([
        this.controllers.namespaces.queue.idle(),
        this.controllers.namespaceDefaults.queue.idle(),
        this.controllers.gc.queue.idle(),
        this.controllers.crds.queue.idle(),
      ]);
    }
  }

  /** Stops serving: no new connections, watches ended, in-flight writes committed, store closed. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    this.log.info('hub shutting down');
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const end of [...this.watches]) end();
    this.server.closeIdleConnections();
    const deadline = Date.now() + SHUTDOWN_GRACE_MS;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.server.closeAllConnections();
    await closed;
    this.controllers.namespaces.stop();
    this.controllers.namespaceDefaults.stop();
    this.controllers.gc.stop();
    this.controllers.crds.stop();
    this.controllers.maintenance.stop();
    this.ctx.committer.close();
    this.ctx.store.close();
    this.log.info('hub stopped');
  }
}

async function loadOrCreateAdminToken(dataDir: string, store: SqliteStore): Promise<string> {
  const file = path.join(dataDir, 'admin.token');
  if (await fileExists(file)) {
    const token = (await fs.readFile(file, 'utf8')).trim();
    if (!store.findToken(hashToken(token))) store.addToken(hashToken(token), 'admin', false);
    return token;
  }
  const token = newToken();
  store.addToken(hashToken(token), 'admin', false);
  await writeFileAtomic(file, token + '\n', 0o600);
  return token;
}

async function bootNamespaces(rest: RestStore, ctx: HubContext): Promise<void> {
  const rt = ctx.registry.lookup('', 'namespaces');
  if (!rt) throw new Error('namespaces are not registered');
  for (const name of BOOT_NAMESPACES) {
    if (rest.tryGet(rt, '', name)) continue;
    try {
      await rest.create(rt, 'v1', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 409)) throw err;
    }
  }
}
