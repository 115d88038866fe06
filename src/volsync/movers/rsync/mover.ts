// The rsync-over-ssh mover, controller side (volsync.md §3.1): the data PVC; a Service and its
// address when no address is given (on a ReplicationSource too, as VolSync does); the ssh key
// Secrets; the mover's ServiceAccount (always privileged: it runs as root with the capabilities
// sshd and rsync need); then the Job that runs `lifeboat mover rsync source|destination`.
import {
  ANNOTATION_ENABLE_DEBUG_MOVER,
  type ReplicationDestinationRsyncSpec,
  type ReplicationSourceRsyncSpec,
} from '../../../api/volsync/index.js';
import type { MoverContext } from '../../context.js';
import { ensureMoverJob } from '../../job/mover-job.js';
import type { EnvVar, PersistentVolumeClaim, PodTemplateSpec } from '../../kinds.js';
import { complete, inProgress, type Mover, type MoverOutcome } from '../../mover.js';
import { shortenedName } from '../../names.js';
import { ensureMoverServiceAccount } from '../../service-account.js';
import type { VolumeHandler } from '../../volumes/volume-handler.js';
import { dataVolumeHandler, ensureSourceData } from '../common/data-volume.js';
import { outcomeOfJob } from '../common/job-outcome.js';
import { ensureDestinationService, publishAddress } from '../common/destination-service.js';
import { affinityFromVolume, moverPodTemplate } from '../common/pod-template.js';
import { cleanupRsyncIteration, ensureRsyncDestinationData } from '../common/rsync-destination.js';
import { rsyncFailureAnalyzer } from './failure.js';
import { rsyncSuccessLine } from './log-filter.js';
import { ensureSshKeys } from './ssh-keys.js';

export const RSYNC_BACKOFF_LIMIT = 2;
const SSHD_PORT = 8022;
const CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID', 'SYS_CHROOT'];

export type RsyncSide =
  | { isSource: true; sourcePVC: string; spec: ReplicationSourceRsyncSpec; status: { sshKeys?: string; address?: string } }
  | { isSource: false; spec: ReplicationDestinationRsyncSpec; status: { sshKeys?: string; address?: string } };

export class RsyncMover implements Mover {
  readonly name = 'rsync' as const;
  private readonly vh: VolumeHandler;
  private readonly ctx: MoverContext;

  constructor(
    ctx: MoverContext,
    private readonly side: RsyncSide,
  ) {
    // Always privileged, whatever the namespace says (§2.7).
    this.ctx = { ...ctx, privileged: true };
    this.vh = dataVolumeHandler(this.ctx, side.spec);
  }

  private get selector(): Record<string, string> {
    return {
      'app.kubernetes.io/name': shortenedName(this.side.isSource ? 'src-' : 'dst-', this.ctx.owner.metadata.name),
      'app.kubernetes.io/component': 'rsync-mover',
      'app.kubernetes.io/part-of': 'volsync',
    };
  }

  async synchronize(): Promise<MoverOutcome> {
    const { ctx, side } = this;
    const data = side.isSource ? await ensureSourceData(ctx, this.vh, side.sourcePVC) : await ensureRsyncDestinationData(ctx, this.vh, side.spec);
    if (!data) return inProgress();
    if (!side.spec.address) {
      const address = await ensureDestinationService(ctx, {
        name: shortenedName(side.isSource ? 'volsync-rsync-src-' : 'volsync-rsync-dst-', ctx.owner.metadata.name),
        selector: this.selector,
        portName: 'ssh',
        port: side.spec.port || 22,
        targetPort: SSHD_PORT,
        serviceType: side.spec.serviceType,
        serviceAnnotations: side.isSource ? undefined : side.spec.serviceAnnotations,
      });
      if (!address) return inProgress(5_000);
      publishAddress(ctx, side.status, address);
    }
    const keys = await ensureSshKeys(ctx, side.spec.sshKeys);
    if (keys.forOtherSide) side.status.sshKeys = keys.forOtherSide;
    const serviceAccount = await ensureMoverServiceAccount(ctx, side.spec.moverServiceAccount);
    const destination = `${side.spec.address ?? ''}:${side.spec.address && side.spec.port ? side.spec.port : 22}`;
    const state = await ensureMoverJob(ctx, {
      name: shortenedName(side.isSource ? 'volsync-rsync-src-' : 'volsync-rsync-dst-', ctx.owner.metadata.name),
      backoffLimit: RSYNC_BACKOFF_LIMIT,
      template: await this.podTemplate(data, serviceAccount, keys.mounted),
      successFilter: rsyncSuccessLine,
      analyzer: () => rsyncFailureAnalyzer({ isSource: side.isSource, sshKeys: keys.mounted, destination }),
    });
    return outcomeOfJob(state, this.vh, data, side.isSource);
  }

  async cleanup(): Promise<MoverOutcome> {
    await cleanupRsyncIteration(this.ctx, this.vh, this.side.isSource ? undefined : this.side.spec);
    return complete();
  }

  private async podTemplate(data: PersistentVolumeClaim, serviceAccount: string, keySecret: string): Promise<PodTemplateSpec> {
    const { ctx, side } = this;
    const env: EnvVar[] = [];
    if (side.isSource && side.spec.address) {
      env.push({ name: 'DESTINATION_ADDRESS', value: side.spec.address });
      if (side.spec.port) env.push({ name: 'DESTINATION_PORT', value: String(side.spec.port) });
    }
    if (ctx.owner.metadata.annotations?.[ANNOTATION_ENABLE_DEBUG_MOVER] !== undefined) env.push({ name: 'DEBUG_MOVER', value: '1' });
    const template = moverPodTemplate(ctx, {
      container: 'rsync',
      command: ['lifeboat', 'mover', 'rsync', side.isSource ? 'source' : 'destination'],
      env,
      serviceAccount,
      data,
      extra: [
        { volume: { name: 'keys', secret: { secretName: keySecret, defaultMode: 0o600 } }, mountPath: '/keys' },
        { volume: { name: 'tempsshdir', emptyDir: { medium: 'Memory' } }, mountPath: '/root/.ssh' },
      ],
    });
    const container = template.spec.containers[0];
    container.securityContext = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'], add: CAPABILITIES },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsUser: 0,
    };
    container.resources = side.spec.moverResources ?? {};
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, ...side.spec.moverPodLabels, ...this.selector } };
    if (this.vh.isCopyMethodDirect) Object.assign(template.spec, await affinityFromVolume(ctx, data));
    return template;
  }
}
