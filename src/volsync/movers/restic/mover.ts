// The restic mover, controller side (volsync.md §3.3): the data PVC, a cache PVC, the mover's
// ServiceAccount, checks of the repository Secret, custom CA and moverVolumes, then the Job that
// runs `lifeboat mover restic …`. The source backs up (after an unlock when asked, with a prune
// when due); the destination restores and publishes its image.
import {
  ANNOTATION_ENABLE_DEBUG_MOVER,
  type ReplicationDestinationResticSpec,
  type ReplicationSourceResticSpec,
  type ReplicationSourceStatus,
} from '../../../api/volsync/index.js';
import { isNotFound, metaTime } from '../../../kube/index.js';
import type { MoverContext } from '../../context.js';
import { ensureMoverJob } from '../../job/mover-job.js';
import { PERSISTENT_VOLUME_CLAIMS, type EnvVar, type PersistentVolumeClaim, type PodTemplateSpec, type Volume } from '../../kinds.js';
import { complete, inProgress, type Mover, type MoverOutcome } from '../../mover.js';
import { obsoleteResticCacheName, resticCacheName, shortenedName } from '../../names.js';
import { VolumeHandler } from '../../volumes/volume-handler.js';
import { cleanupIteration, dataVolumeHandler, ensureData } from '../common/data-volume.js';
import { affinityFromVolume, DATA_MOUNT, finishMoverTemplate, moverPodTemplate, validateMoverVolumes } from '../common/pod-template.js';
import { customCaVolume, envFromSecret, getSecretWithFields, proxyAndDebugEnv, rcloneEnvFromSecret } from '../common/secrets.js';
import { ensureMoverServiceAccount } from '../../service-account.js';
import { resticFailureAnalyzer } from './failure.js';
import { forgetOptions } from './forget-options.js';
import { resticSuccessLine } from './log-filter.js';

export const RESTIC_BACKOFF_LIMIT = 8;
const CACHE_MOUNT = '/cache';
const CREDENTIALS_DIR = '/credentials';
const GCS_CREDENTIALS_FILE = 'gcs.json';
const DEFAULT_CACHE_CAPACITY = '1Gi';
const DEFAULT_PRUNE_INTERVAL_DAYS = 7;
const DAY_MS = 24 * 3600_000;

/** Backend settings taken from the repository Secret when it has them (restic's own variable names). */
export const RESTIC_OPTIONAL_ENV = [
  'RESTIC_COMPRESSION',
  'RESTIC_PACK_SIZE',
  'RESTIC_READ_CONCURRENCY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'RESTIC_AWS_ASSUME_ROLE_ARN',
  'RESTIC_AWS_ASSUME_ROLE_SESSION_NAME',
  'RESTIC_AWS_ASSUME_ROLE_EXTERNAL_ID',
  'RESTIC_AWS_ASSUME_ROLE_POLICY',
  'RESTIC_AWS_ASSUME_ROLE_REGION',
  'RESTIC_AWS_ASSUME_ROLE_STS_ENDPOINT',
  'ST_AUTH',
  'ST_USER',
  'ST_KEY',
  'OS_AUTH_URL',
  'OS_REGION_NAME',
  'OS_USERNAME',
  'OS_USER_ID',
  'OS_PASSWORD',
  'OS_TENANT_ID',
  'OS_TENANT_NAME',
  'OS_USER_DOMAIN_NAME',
  'OS_USER_DOMAIN_ID',
  'OS_PROJECT_NAME',
  'OS_PROJECT_DOMAIN_NAME',
  'OS_PROJECT_DOMAIN_ID',
  'OS_TRUST_ID',
  'OS_APPLICATION_CREDENTIAL_ID',
  'OS_APPLICATION_CREDENTIAL_NAME',
  'OS_APPLICATION_CREDENTIAL_SECRET',
  'OS_STORAGE_URL',
  'OS_AUTH_TOKEN',
  'B2_ACCOUNT_ID',
  'B2_ACCOUNT_KEY',
  'AZURE_ACCOUNT_NAME',
  'AZURE_ACCOUNT_KEY',
  'AZURE_ACCOUNT_SAS',
  'AZURE_ENDPOINT_SUFFIX',
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_FEDERATED_TOKEN_FILE',
  'GOOGLE_PROJECT_ID',
  'RESTIC_REST_USERNAME',
  'RESTIC_REST_PASSWORD',
] as const;

export type ResticSide =
  | { isSource: true; sourcePVC: string; spec: ReplicationSourceResticSpec; status: NonNullable<ReplicationSourceStatus['restic']> }
  | { isSource: false; spec: ReplicationDestinationResticSpec };

export class ResticMover implements Mover {
  readonly name = 'restic' as const;
  private readonly vh: VolumeHandler;

  constructor(
    private readonly ctx: MoverContext,
    private readonly side: ResticSide,
  ) {
    this.vh = dataVolumeHandler(ctx, side.spec);
  }

  async synchronize(): Promise<MoverOutcome> {
    const { ctx, side } = this;
    const spec = side.spec;
    const data = await ensureData(ctx, this.vh, side);
    if (!data) return inProgress();
    const cache = await this.ensureCache(data);
    const serviceAccount = await ensureMoverServiceAccount(ctx, spec.moverServiceAccount);
    const repository = await getSecretWithFields(ctx, spec.repository ?? '', ['RESTIC_REPOSITORY', 'RESTIC_PASSWORD']);
    const customCa = await customCaVolume(ctx, spec.customCA);
    await validateMoverVolumes(ctx, spec.moverVolumes);

    const template = await this.podTemplate(data, cache, serviceAccount, repository.metadata.name ?? '', Object.keys(repository.data ?? {}), customCa);
    const state = await ensureMoverJob(ctx, {
      name: shortenedName(side.isSource ? 'volsync-src-' : 'volsync-dst-', ctx.owner.metadata.name),
      backoffLimit: RESTIC_BACKOFF_LIMIT,
      template,
      successFilter: resticSuccessLine,
      analyzer: () => resticFailureAnalyzer(spec.repository ?? '', side.isSource),
    });
    if (state.phase === 'running') return inProgress();
    if (state.phase === 'failed') return { completed: false, failure: state.message, requeueAfterMs: state.retryAfterMs };

    if (!side.isSource) {
      const image = await this.vh.ensureImage(data);
      return image ? complete(image) : inProgress();
    }
    if (this.shouldUnlock()) side.status.lastUnlocked = side.spec.unlock;
    else if (!side.spec.unlock) delete side.status.lastUnlocked;
    if (this.shouldPrune()) side.status.lastPruned = metaTime(ctx.clock.now());
    return complete();
  }

  async cleanup(): Promise<MoverOutcome> {
    await cleanupIteration(this.ctx, this.vh, this.side.isSource ? undefined : this.side.spec.destinationPVC);
    return complete();
  }

  /** `unlock` first when spec.restic.unlock is new, `prune` last when due. */
  actions(): string[] {
    if (!this.side.isSource) return ['restore'];
    const actions = ['backup'];
    if (this.shouldUnlock()) actions.unshift('unlock');
    if (this.shouldPrune()) actions.push('prune');
    return actions;
  }

  private shouldUnlock(): boolean {
    const side = this.side;
    return side.isSource && !!side.spec.unlock && side.status.lastUnlocked !== side.spec.unlock;
  }

  /**
   * Due when the sync started more than pruneIntervalDays after the last prune (or the CR's
   * creation). Judged at the sync's start, so the Job and the recorded lastPruned agree.
   */
  private shouldPrune(): boolean {
    const side = this.side;
    if (!side.isSource) return false;
    const last = Date.parse(side.status.lastPruned ?? this.ctx.owner.metadata.creationTimestamp ?? '');
    const interval = (side.spec.pruneIntervalDays ?? DEFAULT_PRUNE_INTERVAL_DAYS) * DAY_MS;
    return !Number.isNaN(last) && this.ctx.syncStartedAt.getTime() > last + interval;
  }

  private async ensureCache(data: PersistentVolumeClaim): Promise<PersistentVolumeClaim> {
    const { ctx } = this;
    const spec = this.side.spec;
    await this.deleteObsoleteCache();
    const cacheVh = new VolumeHandler(ctx, {
      copyMethod: spec.copyMethod,
      capacity: spec.cacheCapacity ?? DEFAULT_CACHE_CAPACITY,
      accessModes: spec.cacheAccessModes ?? spec.accessModes ?? data.spec?.accessModes,
      storageClassName: spec.cacheStorageClassName ?? spec.storageClassName,
      volumeMode: 'Filesystem',
    });
    const temporary = !this.side.isSource && this.side.spec.cleanupCachePVC === true;
    return cacheVh.ensureNewPvc(resticCacheName(this.side.isSource ? 'src' : 'dst', ctx.owner.metadata.name), temporary);
  }

  /** The cache name before VolSync issue #1575, deleted when this CR owns it. */
  private async deleteObsoleteCache(): Promise<void> {
    const { ctx } = this;
    const namespace = ctx.owner.metadata.namespace;
    const name = obsoleteResticCacheName(ctx.owner.metadata.name);
    try {
      const old = await ctx.client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, name, { namespace, signal: ctx.signal });
      if (!(old.metadata.ownerReferences ?? []).some((r) => r.uid === ctx.owner.metadata.uid)) return;
      await ctx.client.delete(PERSISTENT_VOLUME_CLAIMS, name, { namespace, propagationPolicy: 'Background', signal: ctx.signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async podTemplate(
    data: PersistentVolumeClaim,
    cache: PersistentVolumeClaim,
    serviceAccount: string,
    repository: string,
    repositoryKeys: string[],
    customCa: Volume | undefined,
  ): Promise<PodTemplateSpec> {
    const { ctx, side } = this;
    const dest = side.isSource ? undefined : side.spec;
    const env: EnvVar[] = [
      { name: 'FORGET_OPTIONS', value: side.isSource ? forgetOptions(side.spec.retain) : forgetOptions(undefined) },
      { name: 'DATA_DIR', value: DATA_MOUNT },
      { name: 'RESTIC_CACHE_DIR', value: CACHE_MOUNT },
      { name: 'RESTORE_AS_OF', value: dest?.restoreAsOf ?? '' },
      { name: 'SELECT_PREVIOUS', value: String(dest?.previous ?? 0) },
      { name: 'RESTORE_OPTIONS', value: dest?.enableFileDeletion ? '--delete' : '' },
      envFromSecret(repository, 'RESTIC_REPOSITORY', false),
      envFromSecret(repository, 'RESTIC_PASSWORD', false),
      ...RESTIC_OPTIONAL_ENV.filter((key) => repositoryKeys.includes(key)).map((key) => envFromSecret(repository, key, true)),
      ...rcloneEnvFromSecret(repository, repositoryKeys),
      ...proxyAndDebugEnv(ctx, ANNOTATION_ENABLE_DEBUG_MOVER),
    ];
    const template = moverPodTemplate(ctx, {
      container: 'restic',
      command: ['lifeboat', 'mover', 'restic', side.isSource ? 'source' : 'destination'],
      args: this.actions(),
      env,
      serviceAccount,
      data,
      extra: [{ volume: { name: 'cache', persistentVolumeClaim: { claimName: cache.metadata.name ?? '' } }, mountPath: CACHE_MOUNT }],
    });
    const container = template.spec.containers[0];
    if (this.vh.isCopyMethodDirect) Object.assign(template.spec, await affinityFromVolume(ctx, data));
    if (repositoryKeys.includes('GOOGLE_APPLICATION_CREDENTIALS')) {
      // The Secret holds the file's content; restic wants a path to it.
      env.push({ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: `${CREDENTIALS_DIR}/${GCS_CREDENTIALS_FILE}` });
      container.volumeMounts?.push({ name: 'gcs-credentials', mountPath: CREDENTIALS_DIR });
      template.spec.volumes?.push({
        name: 'gcs-credentials',
        secret: { secretName: repository, items: [{ key: 'GOOGLE_APPLICATION_CREDENTIALS', path: GCS_CREDENTIALS_FILE }] },
      });
    }
    await finishMoverTemplate(ctx, template, side.spec, customCa);
    return template;
  }
}
