// What every part of a mover needs while it reconciles one ReplicationSource or
// ReplicationDestination: the API, time, events, the owner, and the operator's settings.
import type { Logger } from 'pino';
import type { MoverStatus } from '../api/volsync/index.js';
import type { Clock, EventRecorder, KubeClient, KubeObject } from '../kube/index.js';
import type { ObjectMeta } from '../api/meta.js';

/** The RS or RD being reconciled. */
export interface Owner extends KubeObject {
  apiVersion: string;
  kind: 'ReplicationSource' | 'ReplicationDestination';
  metadata: ObjectMeta & { name: string; namespace: string; uid: string };
}

export interface VolSyncSettings {
  /** The image mover Jobs run: Lifeboat's mover image (its entrypoint is `lifeboat`). */
  moverImage: string;
  /** SecurityContextConstraints a privileged mover's Role may use (OpenShift). */
  sccName: string;
  /** latestMoverStatus.logs keeps this many bytes of the end of the log (MOVER_LOG_MAX_BYTES). */
  moverLogMaxBytes: number;
  /** Read only the last N log lines; negative: all (MOVER_LOG_TAIL_LINES). */
  moverLogTailLines: number;
  /** Keep every log line, not only the mover's summary lines (MOVER_LOG_DEBUG). */
  moverLogDebug: boolean;
  /** HTTP(S)_PROXY / NO_PROXY of the controller, copied into restic and rclone Jobs. */
  proxyEnv: Record<string, string>;
  /** Image-pull Secrets of the operator's namespace copied to each mover namespace (--mover-image-pull-secrets). */
  moverImagePullSecrets: string[];
  /** Where those Secrets are: the operator's namespace (VOLSYNC_NAMESPACE). */
  operatorNamespace: string;
}

export const DEFAULT_SCC_NAME = 'volsync-privileged-mover';

/** Settings from the controller's environment, as VolSync reads them. */
export function settingsFromEnvironment(moverImage: string, env: NodeJS.ProcessEnv = process.env): VolSyncSettings {
  const int = (value: string | undefined, fallback: number): number => {
    const n = Number.parseInt(value ?? '', 10);
    return Number.isNaN(n) ? fallback : n;
  };
  const proxyEnv: Record<string, string> = {};
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY']) {
    if (env[name] !== undefined) {
      proxyEnv[name] = env[name] ?? '';
      proxyEnv[name.toLowerCase()] = env[name] ?? '';
    }
  }
  return {
    moverImage,
    sccName: DEFAULT_SCC_NAME,
    moverLogMaxBytes: int(env.MOVER_LOG_MAX_BYTES, 1024),
    moverLogTailLines: int(env.MOVER_LOG_TAIL_LINES, -1),
    moverLogDebug: /^(1|true|t|yes)$/i.test(env.MOVER_LOG_DEBUG ?? ''),
    proxyEnv,
    moverImagePullSecrets: [],
    operatorNamespace: env.VOLSYNC_NAMESPACE ?? '',
  };
}

export interface MoverContext {
  client: KubeClient;
  signal: AbortSignal;
  clock: Clock;
  log: Logger;
  owner: Owner;
  isSource: boolean;
  paused: boolean;
  /** The namespace allows privileged movers (§2.7). */
  privileged: boolean;
  /** The API serves snapshot.storage.k8s.io VolumeSnapshots (cleanup skips them otherwise). */
  snapshotsServed: boolean;
  /** When the current sync started (status.lastSyncStartTime): decisions within one sync use it. */
  syncStartedAt: Date;
  settings: VolSyncSettings;
  /** The status field the mover fills from its Job's log; mutated in place. */
  latestMoverStatus: MoverStatus;
  /** Events go on the owner (`kubectl describe replicationsource …`). */
  events: EventRecorder;
}

/** `Kind/name`, as VolSync names objects in its event messages. */
export function kindAndName(obj: KubeObject): string {
  return `${obj.kind ?? ''}/${obj.metadata?.name ?? ''}`;
}

export function ownerRef(owner: Owner): { apiVersion: string; kind: string; name: string; uid: string } {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid };
}
