// The rclone mover, controller side (volsync.md §3.4): spec checks, the rclone.conf Secret, the
// data PVC, the mover's ServiceAccount, custom CA and moverVolumes, then the Job that runs
// `lifeboat mover rclone source|destination` with the Secret mounted at /rclone-config/.
import { ANNOTATION_ENABLE_DEBUG_MOVER, type ReplicationDestinationRcloneSpec, type ReplicationSourceRcloneSpec } from '../../../api/volsync/index.js';
import type { MoverContext } from '../../context.js';
import { ensureMoverJob } from '../../job/mover-job.js';
import type { EnvVar, PersistentVolumeClaim, PodTemplateSpec, Volume } from '../../kinds.js';
import { complete, inProgress, type Mover, type MoverOutcome } from '../../mover.js';
import { shortenedName } from '../../names.js';
import { ensureMoverServiceAccount } from '../../service-account.js';
import type { VolumeHandler } from '../../volumes/volume-handler.js';
import { cleanupIteration, dataVolumeHandler, ensureData } from '../common/data-volume.js';
import { affinityFromVolume, DATA_MOUNT, finishMoverTemplate, moverPodTemplate, validateMoverVolumes } from '../common/pod-template.js';
import { customCaVolume, getSecretWithFields, proxyAndDebugEnv, rcloneEnvFromSecret } from '../common/secrets.js';
import { rcloneFailureAnalyzer } from './failure.js';
import { rcloneSuccessLine } from './log-filter.js';

export const RCLONE_BACKOFF_LIMIT = 2;
const CONFIG_DIR = '/rclone-config/';

export type RcloneSide = { isSource: true; sourcePVC: string; spec: ReplicationSourceRcloneSpec } | { isSource: false; spec: ReplicationDestinationRcloneSpec };

export class RcloneMover implements Mover {
  readonly name = 'rclone' as const;
  private readonly vh: VolumeHandler;

  constructor(
    private readonly ctx: MoverContext,
    private readonly side: RcloneSide,
  ) {
    this.vh = dataVolumeHandler(ctx, side.spec);
  }

  async synchronize(): Promise<MoverOutcome> {
    const { ctx, side } = this;
    const spec = side.spec;
    if (!spec.rcloneConfig) throw new Error('unable to get Rclone config secret name');
    if (!spec.rcloneConfigSection) throw new Error('unable to get Rclone config section name');
    if (!spec.rcloneDestPath) throw new Error('unable to get Rclone destination name');
    const config = await getSecretWithFields(ctx, spec.rcloneConfig, ['rclone.conf']);
    const data = await ensureData(ctx, this.vh, side);
    if (!data) return inProgress();
    const serviceAccount = await ensureMoverServiceAccount(ctx, spec.moverServiceAccount);
    const customCa = await customCaVolume(ctx, spec.customCA);
    await validateMoverVolumes(ctx, spec.moverVolumes);

    const state = await ensureMoverJob(ctx, {
      name: shortenedName(side.isSource ? 'volsync-rclone-src-' : 'volsync-rclone-dst-', ctx.owner.metadata.name),
      backoffLimit: RCLONE_BACKOFF_LIMIT,
      template: await this.podTemplate(data, serviceAccount, spec.rcloneConfig, Object.keys(config.data ?? {}), customCa),
      successFilter: rcloneSuccessLine,
      analyzer: () =>
        rcloneFailureAnalyzer({
          configSecret: spec.rcloneConfig ?? '',
          section: spec.rcloneConfigSection ?? '',
          destPath: spec.rcloneDestPath ?? '',
          isSource: side.isSource,
        }),
    });
    if (state.phase === 'running') return inProgress();
    if (state.phase === 'failed') return { completed: false, failure: state.message, requeueAfterMs: state.retryAfterMs };
    if (side.isSource) return complete();
    const image = await this.vh.ensureImage(data);
    return image ? complete(image) : inProgress();
  }

  async cleanup(): Promise<MoverOutcome> {
    await cleanupIteration(this.ctx, this.vh, this.side.isSource ? undefined : this.side.spec.destinationPVC);
    return complete();
  }

  private async podTemplate(
    data: PersistentVolumeClaim,
    serviceAccount: string,
    configSecret: string,
    configKeys: string[],
    customCa: Volume | undefined,
  ): Promise<PodTemplateSpec> {
    const { ctx, side } = this;
    const spec = side.spec;
    const direction = side.isSource ? 'source' : 'destination';
    const env: EnvVar[] = [
      // The Secret's own RCLONE_* settings first: the fixed values below override same-named keys.
      ...rcloneEnvFromSecret(configSecret, configKeys),
      { name: 'RCLONE_CONFIG', value: `${CONFIG_DIR}rclone.conf` },
      { name: 'RCLONE_DEST_PATH', value: spec.rcloneDestPath ?? '' },
      { name: 'DIRECTION', value: direction },
      { name: 'MOUNT_PATH', value: DATA_MOUNT },
      { name: 'RCLONE_CONFIG_SECTION', value: spec.rcloneConfigSection ?? '' },
      ...proxyAndDebugEnv(ctx, ANNOTATION_ENABLE_DEBUG_MOVER),
    ];
    const template = moverPodTemplate(ctx, {
      container: 'rclone',
      command: ['lifeboat', 'mover', 'rclone', direction],
      env,
      serviceAccount,
      data,
      extra: [{ volume: { name: 'rclone-secret', secret: { secretName: configSecret, defaultMode: 0o600 } }, mountPath: CONFIG_DIR }],
    });
    if (this.vh.isCopyMethodDirect) Object.assign(template.spec, await affinityFromVolume(ctx, data));
    await finishMoverTemplate(ctx, template, spec, customCa);
    return template;
  }
}
