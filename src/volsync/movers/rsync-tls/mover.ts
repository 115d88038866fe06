// The rsync-TLS mover, controller side (volsync.md §3.2): the data PVC; on a destination the
// Service and its address; the pre-shared key (the user's Secret, checked, or a generated one);
// the mover's ServiceAccount and moverVolumes; then the Job that runs
// `lifeboat mover rsync-tls source|destination` with the key at /keys.
import { Buffer } from 'node:buffer';
import {
  ANNOTATION_ENABLE_DEBUG_MOVER,
  type ReplicationDestinationRsyncTLSSpec,
  type ReplicationSourceRsyncTLSSpec,
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
import { getUserSecret } from '../common/user-secret.js';
import { ensureOwnedSecret } from '../common/owned-secret.js';
import { ensureDestinationService, publishAddress } from '../common/destination-service.js';
import { cleanupRsyncIteration, ensureRsyncDestinationData } from '../common/rsync-destination.js';
import { affinityFromVolume, finishMoverTemplate, moverPodTemplate, validateMoverVolumes } from '../common/pod-template.js';
import { rsyncTlsFailureAnalyzer } from './failure.js';
import { rsyncTlsFailureLine, rsyncTlsSuccessLine } from './log-filter.js';
import { generatePsk, PSK_FIELD, pskProblem } from './psk.js';
import { SERVER_PORT } from './server-port.js';

export const RSYNC_TLS_BACKOFF_LIMIT = 2;
const KEYS_MOUNT = '/keys';

export type RsyncTlsSide =
  | { isSource: true; sourcePVC: string; spec: ReplicationSourceRsyncTLSSpec; status: { keySecret?: string } }
  | { isSource: false; spec: ReplicationDestinationRsyncTLSSpec; status: { keySecret?: string; address?: string } };

/** `volsync-rsync-tls-<cr>`: the generated key Secret, same name on both sides. */
export const generatedKeySecretName = (cr: string): string => `volsync-rsync-tls-${cr}`;

export class RsyncTlsMover implements Mover {
  readonly name = 'rsync-tls' as const;
  private readonly vh: VolumeHandler;

  constructor(
    private readonly ctx: MoverContext,
    private readonly side: RsyncTlsSide,
  ) {
    this.vh = dataVolumeHandler(ctx, side.spec);
  }

  private get selector(): Record<string, string> {
    const cr = this.ctx.owner.metadata.name;
    return {
      'app.kubernetes.io/name': shortenedName(this.side.isSource ? 'src-' : 'dst-', cr),
      'app.kubernetes.io/component': 'rsync-tls-mover',
      'app.kubernetes.io/part-of': 'volsync',
    };
  }

  async synchronize(): Promise<MoverOutcome> {
    const { ctx, side } = this;
    const data = side.isSource ? await ensureSourceData(ctx, this.vh, side.sourcePVC) : await ensureRsyncDestinationData(ctx, this.vh, side.spec);
    if (!data) return inProgress();
    if (!side.isSource) {
      const address = await ensureDestinationService(ctx, {
        name: shortenedName('volsync-rsync-tls-dst-', ctx.owner.metadata.name),
        selector: this.selector,
        portName: 'rsync-tls',
        port: SERVER_PORT,
        targetPort: SERVER_PORT,
        serviceType: side.spec.serviceType,
        serviceAnnotations: side.spec.serviceAnnotations,
      });
      if (!address) return inProgress(5_000);
      publishAddress(ctx, side.status, address);
    }
    const keySecret = await this.ensureKeySecret();
    const serviceAccount = await ensureMoverServiceAccount(ctx, side.spec.moverServiceAccount);
    await validateMoverVolumes(ctx, side.spec.moverVolumes);
    const destination = side.isSource ? `${side.spec.address ?? ''}:${side.spec.port ?? SERVER_PORT}` : '';
    const state = await ensureMoverJob(ctx, {
      name: shortenedName(side.isSource ? 'volsync-rsync-tls-src-' : 'volsync-rsync-tls-dst-', ctx.owner.metadata.name),
      backoffLimit: RSYNC_TLS_BACKOFF_LIMIT,
      template: await this.podTemplate(data, serviceAccount, keySecret),
      successFilter: rsyncTlsSuccessLine,
      failureFilter: rsyncTlsFailureLine,
      analyzer: () => rsyncTlsFailureAnalyzer({ isSource: side.isSource, keySecret, destination }),
    });
    return outcomeOfJob(state, this.vh, data, side.isSource);
  }

  async cleanup(): Promise<MoverOutcome> {
    await cleanupRsyncIteration(this.ctx, this.vh, this.side.isSource ? undefined : this.side.spec);
    return complete();
  }

  /** The user's key Secret, checked; or the generated one (published in the status). Returns its name. */
  private async ensureKeySecret(): Promise<string> {
    const { ctx, side } = this;
    const given = side.spec.keySecret;
    if (given) {
      const secret = await getUserSecret(ctx, 'spec.rsyncTLS.keySecret', given);
      const raw = secret.data?.[PSK_FIELD];
      if (raw === undefined) throw new Error(`spec.rsyncTLS.keySecret: Secret "${given}" has no field ${PSK_FIELD}`);
      const problem = pskProblem(Buffer.from(raw, 'base64').toString('utf8'));
      if (problem) {
        throw new Error(
          `spec.rsyncTLS.keySecret: ${PSK_FIELD} in Secret "${given}" must be "<identity>:<key>" with a key of at least 32 hexadecimal digits, but ${problem}`,
        );
      }
      return given;
    }
    const name = generatedKeySecretName(ctx.owner.metadata.name);
    await ensureOwnedSecret(ctx, name, (current) => (current?.[PSK_FIELD] ? current : { ...current, [PSK_FIELD]: Buffer.from(generatePsk()).toString('base64') }));
    side.status.keySecret = name;
    return name;
  }

  private async podTemplate(data: PersistentVolumeClaim, serviceAccount: string, keySecret: string): Promise<PodTemplateSpec> {
    const { ctx, side } = this;
    const direction = side.isSource ? 'source' : 'destination';
    const env: EnvVar[] = [];
    if (side.isSource && side.spec.address) env.push({ name: 'DESTINATION_ADDRESS', value: side.spec.address });
    if (side.isSource && side.spec.port !== undefined) env.push({ name: 'DESTINATION_PORT', value: String(side.spec.port) });
    if (ctx.owner.metadata.annotations?.[ANNOTATION_ENABLE_DEBUG_MOVER] !== undefined) env.push({ name: 'DEBUG_MOVER', value: '1' });
    const template = moverPodTemplate(ctx, {
      container: 'rsync-tls',
      command: ['lifeboat', 'mover', 'rsync-tls', direction],
      env,
      serviceAccount,
      data,
      extra: [{ volume: { name: 'keys', secret: { secretName: keySecret, defaultMode: 0o600 } }, mountPath: KEYS_MOUNT }],
    });
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, ...this.selector } };
    if (this.vh.isCopyMethodDirect) Object.assign(template.spec, await affinityFromVolume(ctx, data));
    await finishMoverTemplate(ctx, template, side.spec, undefined);
    // The selector labels win over moverPodLabels: the Service must find the pod.
    template.metadata.labels = { ...template.metadata.labels, ...this.selector };
    // rsync-TLS's privileged mover also sets group ids (§2.7).
    const caps = template.spec.containers[0].securityContext?.capabilities;
    if (ctx.privileged && caps?.add) caps.add = [...caps.add, 'SETGID'];
    return template;
  }
}
