// The parts of a mover pod every mover shares: its security context (§2.7), the user's
// MoverConfig (security context, affinity, resources, labels) and moverVolumes (§1.3), and the RWO
// co-scheduling of Direct copies (§2.8).
import { CREATED_BY_VOLSYNC, LABEL_CREATED_BY, type MoverConfig, type MoverVolume } from '../../../api/volsync/index.js';
import { SECRETS } from '../../../kube/index.js';
import type { MoverContext } from '../../context.js';
import {
  NODES,
  PERSISTENT_VOLUME_CLAIMS,
  PODS,
  type Container,
  type EnvVar,
  type PersistentVolumeClaim,
  type Pod,
  type PodTemplateSpec,
  type Typed,
  type Volume,
} from '../../kinds.js';
import { CUSTOM_CA_FILE, CUSTOM_CA_MOUNT_PATH } from './secrets.js';

/** Locked down always; a privileged mover may read and write every file as root (§2.7). */
export function moverSecurityContext(privileged: boolean): NonNullable<Container['securityContext']> {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'], ...(privileged ? { add: ['DAC_OVERRIDE', 'CHOWN', 'FOWNER'] } : {}) },
    privileged: false,
    readOnlyRootFilesystem: true,
    ...(privileged ? { runAsUser: 0 } : {}),
  };
}

/** The user's MoverConfig on the pod template; the pod security context is exactly theirs (none when unset). */
export function applyMoverConfig(template: PodTemplateSpec, config: MoverConfig): void {
  if (config.moverSecurityContext) template.spec.securityContext = config.moverSecurityContext;
  else delete template.spec.securityContext;
  if (config.moverAffinity) template.spec.affinity = config.moverAffinity;
  for (const container of template.spec.containers) container.resources = config.moverResources ?? {};
  const meta = (template.metadata ??= {});
  meta.labels = { ...meta.labels, ...config.moverPodLabels };
}

/** The moverVolumes must exist before the Job does. */
export async function validateMoverVolumes(ctx: MoverContext, volumes: readonly MoverVolume[] | undefined): Promise<void> {
  const namespace = ctx.owner.metadata.namespace;
  for (const mv of volumes ?? []) {
    const claim = mv.volumeSource.persistentVolumeClaim?.claimName;
    const secret = mv.volumeSource.secret?.secretName;
    if (claim) await ctx.client.get(PERSISTENT_VOLUME_CLAIMS, claim, { namespace, signal: ctx.signal });
    else if (secret) await ctx.client.get(SECRETS, secret, { namespace, signal: ctx.signal });
  }
}

/** Mounts each moverVolume at `/mnt/<mountPath>` as volume `u-<mountPath with / as ->`. */
export async function addMoverVolumes(ctx: MoverContext, template: PodTemplateSpec, volumes: readonly MoverVolume[] | undefined): Promise<void> {
  const container = template.spec.containers[0];
  for (const mv of volumes ?? []) {
    const name = `u-${mv.mountPath.replaceAll('/', '-')}`;
    const claim = mv.volumeSource.persistentVolumeClaim;
    if (claim && !template.spec.nodeSelector && !template.spec.tolerations?.length) {
      const pvc = await ctx.client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, claim.claimName, {
        namespace: ctx.owner.metadata.namespace,
        signal: ctx.signal,
      });
      Object.assign(template.spec, await affinityFromVolume(ctx, pvc));
    }
    (container.volumeMounts ??= []).push({ name, mountPath: `/mnt/${mv.mountPath}` });
    (template.spec.volumes ??= []).push({
      name,
      ...(claim ? { persistentVolumeClaim: claim } : {}),
      ...(mv.volumeSource.secret ? { secret: mv.volumeSource.secret } : {}),
      ...(mv.volumeSource.nfs ? { nfs: mv.volumeSource.nfs } : {}),
    });
  }
}

const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/**
 * A ReadWriteOnce volume can only be mounted where its current user runs: the node of a Running
 * (else the first Pending) pod that mounts it, VolSync's own pods aside. Nothing when it is RWX or
 * unused.
 */
export async function affinityFromVolume(
  ctx: MoverContext,
  pvc: PersistentVolumeClaim,
): Promise<{ nodeSelector?: Record<string, string>; tolerations?: unknown[] }> {
  if (pvc.status?.accessModes?.includes('ReadWriteMany')) return {};
  const pods = (await ctx.client.list<Pod>(PODS, { namespace: pvc.metadata.namespace, signal: ctx.signal })).items;
  let candidate: Pod | undefined;
  for (const pod of pods) {
    if (pod.metadata.labels?.[LABEL_CREATED_BY] === CREATED_BY_VOLSYNC) continue;
    if (!(pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name)) continue;
    const phase = pod.status?.phase;
    if (phase === 'Running' || (phase === 'Pending' && !candidate)) candidate = pod;
  }
  if (!candidate) return {};
  const nodeName = candidate.spec?.nodeName ?? '';
  const node = await ctx.client.get<Typed>(NODES, nodeName, { signal: ctx.signal });
  const hostname = node.metadata.labels?.[HOSTNAME_LABEL];
  if (!hostname) throw new Error(`unable to find ${HOSTNAME_LABEL} label from node ${nodeName} for nodeSelector`);
  return { nodeSelector: { [HOSTNAME_LABEL]: hostname }, tolerations: candidate.spec?.tolerations ?? [] };
}

/** The source PVC is mounted read-only when its only access mode is ReadOnlyMany. */
export function pvcIsReadOnly(pvc: PersistentVolumeClaim): boolean {
  const modes = pvc.status?.accessModes?.length ? pvc.status.accessModes : (pvc.spec?.accessModes ?? []);
  return modes.length === 1 && modes[0] === 'ReadOnlyMany';
}

/**
 * What restic and rclone pods get after their own volumes: the custom CA at /customCA/ca.crt, the
 * user's MoverConfig and moverVolumes, and PRIVILEGED_MOVER last.
 */
export async function finishMoverTemplate(ctx: MoverContext, template: PodTemplateSpec, config: MoverConfig, customCa: Volume | undefined): Promise<void> {
  const container = template.spec.containers[0];
  const env: EnvVar[] = (container.env ??= []);
  if (customCa) {
    env.push({ name: 'CUSTOM_CA', value: `${CUSTOM_CA_MOUNT_PATH}/${CUSTOM_CA_FILE}` });
    (container.volumeMounts ??= []).push({ name: customCa.name, mountPath: CUSTOM_CA_MOUNT_PATH });
    (template.spec.volumes ??= []).push(customCa);
  }
  applyMoverConfig(template, config);
  await addMoverVolumes(ctx, template, config.moverVolumes);
  env.push({ name: 'PRIVILEGED_MOVER', value: ctx.privileged ? '1' : '0' });
}

export const DATA_MOUNT = '/data';

export interface MoverPodOptions {
  /** The container's name: the mover's name. */
  container: string;
  command: string[];
  args?: string[];
  env: EnvVar[];
  serviceAccount: string;
  /** Mounted at /data; read-only on a source whose only access mode is ReadOnlyMany. */
  data: PersistentVolumeClaim;
  /** Volumes of this mover, mounted between /data and /tmp. */
  extra: { volume: Volume; mountPath: string }[];
}

/** A restic or rclone mover pod: the data volume at /data, the mover's own volumes, a memory /tmp. */
export function moverPodTemplate(ctx: MoverContext, o: MoverPodOptions): PodTemplateSpec {
  const container: Container = {
    name: o.container,
    image: ctx.settings.moverImage,
    command: o.command,
    ...(o.args ? { args: o.args } : {}),
    env: o.env,
    securityContext: moverSecurityContext(ctx.privileged),
    volumeMounts: [
      { name: 'data', mountPath: DATA_MOUNT },
      ...o.extra.map((e) => ({ name: e.volume.name, mountPath: e.mountPath })),
      { name: 'tempdir', mountPath: '/tmp' },
    ],
  };
  return {
    spec: {
      containers: [container],
      restartPolicy: 'Never',
      serviceAccountName: o.serviceAccount,
      volumes: [
        { name: 'data', persistentVolumeClaim: { claimName: o.data.metadata.name ?? '', readOnly: ctx.isSource && pvcIsReadOnly(o.data) } },
        ...o.extra.map((e) => e.volume),
        { name: 'tempdir', emptyDir: { medium: 'Memory' } },
      ],
    },
  };
}
