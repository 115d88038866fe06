// A container's volume mounts as host paths, as the kubelet prepares them: a claim's volume is its
// PersistentVolume's directory; Secret, ConfigMap and downward-API volumes are fresh directories
// with one file per key (Secret files 0600 unless the pod says otherwise); emptyDirs are fresh
// directories. Everything fresh lives in the pod's private directory and goes with it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Container, KeyToPath, PersistentVolume, PersistentVolumeClaim, Pod, PodSpec, Volume } from '../../api/core/index.js';
import { PERSISTENT_VOLUMES, PERSISTENT_VOLUME_CLAIMS, type KubeClient } from '../../kube/index.js';
import { parseQuantity } from '../../util/quantity.js';
import { getIfExists } from '../object-access.js';
import { volumeDirectory } from '../volumes/layout.js';
import { podField } from './container-env.js';
import { ContainerConfigError, type PodInputs, type SourceKind } from './pod-inputs.js';

export interface ClaimUsage {
  namespace: string;
  name: string;
  dir: string;
  capacityBytes?: number;
}

export interface HostMount {
  mountPath: string;
  /** The host path bound there: a directory, or a file for a subPath naming one. */
  source: string;
  readOnly: boolean;
  isFile: boolean;
  /** Set for a claim's volume, whose size is watched while it is writable. */
  claim?: ClaimUsage;
}

const SUPPORTED = ['persistentVolumeClaim', 'secret', 'configMap', 'emptyDir', 'projected', 'downwardAPI'] as const;

/** Volumes of kinds the runner cannot provide, as `name (kind)`. */
export function unsupportedVolumes(spec: PodSpec): string[] {
  const out: string[] = [];
  for (const v of spec.volumes ?? []) {
    const kinds = Object.keys(v).filter((k) => k !== 'name');
    if (kinds.length !== 1 || !(SUPPORTED as readonly string[]).includes(kinds[0])) out.push(`${v.name} (${kinds.join(', ') || 'no source'})`);
    for (const source of v.projected?.sources ?? []) {
      const kind = Object.keys(source).find((k) => !['secret', 'configMap', 'downwardAPI'].includes(k));
      if (kind) out.push(`${v.name} (projected ${kind})`);
    }
  }
  return out;
}

export async function hostMounts(client: KubeClient, pod: Pod, container: Container, inputs: PodInputs, podDir: string): Promise<HostMount[]> {
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  const prepared = new Map<string, Promise<{ dir: string; readOnly: boolean; claim?: ClaimUsage }>>();
  const mounts: HostMount[] = [];
  for (const m of container.volumeMounts ?? []) {
    const volume = volumes.get(m.name);
    if (!volume) throw new ContainerConfigError(`volumeMount ${m.mountPath}: the pod has no volume named "${m.name}"`);
    if (!path.isAbsolute(m.mountPath) || path.normalize(m.mountPath) === '/') {
      throw new ContainerConfigError(`volumeMount ${m.name}: mountPath "${m.mountPath}" must be an absolute path other than /`);
    }
    let base = prepared.get(m.name);
    if (!base) {
      base = prepareVolume(client, pod, volume, inputs, path.join(podDir, 'volumes', volume.name));
      prepared.set(m.name, base);
    }
    const { dir, readOnly, claim } = await base;
    let source = dir;
    if (m.subPath) {
      source = path.join(dir, checkedRelative(m.subPath, `volumeMount ${m.mountPath}: subPath`));
      // The kubelet creates a missing subPath as a directory.
      if (!(await exists(source))) await fs.mkdir(source, { recursive: true, mode: 0o755 });
    }
    const isFile = (await fs.stat(source)).isFile();
    mounts.push({ mountPath: path.normalize(m.mountPath), source, readOnly: Boolean(m.readOnly) || readOnly, isFile, ...(claim ? { claim } : {}) });
  }
  return mounts;
}

async function prepareVolume(client: KubeClient, pod: Pod, volume: Volume, inputs: PodInputs, dir: string): Promise<{ dir: string; readOnly: boolean; claim?: ClaimUsage }> {
  if (volume.persistentVolumeClaim) return claimVolume(client, pod, volume.persistentVolumeClaim.claimName, Boolean(volume.persistentVolumeClaim.readOnly));
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  if (volume.emptyDir) {
    // emptyDir is world-writable, as the kubelet makes it.
    await fs.chmod(dir, 0o777);
    return { dir, readOnly: false };
  }
  if (volume.secret) {
    const { secretName, items, defaultMode, optional } = volume.secret;
    await writeKeys(dir, inputs, 'Secret', secretName, items, optional, defaultMode ?? 0o600);
  } else if (volume.configMap) {
    const { name, items, defaultMode, optional } = volume.configMap;
    await writeKeys(dir, inputs, 'ConfigMap', name, items, optional, defaultMode ?? 0o644);
  } else if (volume.downwardAPI) {
    await writeFields(dir, pod, volume.downwardAPI.items ?? [], volume.downwardAPI.defaultMode ?? 0o644);
  } else if (volume.projected) {
    const mode = volume.projected.defaultMode;
    for (const source of volume.projected.sources ?? []) {
      if (source.secret) await writeKeys(dir, inputs, 'Secret', source.secret.name, source.secret.items, source.secret.optional, mode ?? 0o600);
      if (source.configMap) await writeKeys(dir, inputs, 'ConfigMap', source.configMap.name, source.configMap.items, source.configMap.optional, mode ?? 0o644);
      if (source.downwardAPI) await writeFields(dir, pod, source.downwardAPI.items ?? [], mode ?? 0o644);
    }
  } else {
    throw new ContainerConfigError(`volume "${volume.name}": ${unsupportedVolumes({ containers: [], volumes: [volume] }).join(', ')} is not supported by the embedded hub's Job runner`);
  }
  return { dir, readOnly: true };
}

async function claimVolume(client: KubeClient, pod: Pod, claimName: string, readOnly: boolean): Promise<{ dir: string; readOnly: boolean; claim: ClaimUsage }> {
  const namespace = pod.metadata.namespace ?? '';
  const pvc = await getIfExists<PersistentVolumeClaim>(client, PERSISTENT_VOLUME_CLAIMS, claimName, namespace);
  if (!pvc) throw new ContainerConfigError(`persistentvolumeclaim "${claimName}" not found`);
  const pv = pvc.spec?.volumeName ? await getIfExists<PersistentVolume>(client, PERSISTENT_VOLUMES, pvc.spec.volumeName) : undefined;
  const dir = pv ? volumeDirectory(pv) : undefined;
  if (!pv || !dir) throw new ContainerConfigError(`persistentvolumeclaim "${claimName}" is not bound to a volume with a local directory`);
  if (!(await exists(dir))) throw new ContainerConfigError(`the directory ${dir} of volume ${pv.metadata.name} (claim "${claimName}") does not exist`);
  const capacity = pv.spec?.capacity?.storage;
  let capacityBytes: number | undefined;
  try {
    capacityBytes = capacity === undefined ? undefined : parseQuantity(capacity);
  } catch {
    capacityBytes = undefined;
  }
  return { dir, readOnly, claim: { namespace, name: claimName, dir, ...(capacityBytes !== undefined ? { capacityBytes } : {}) } };
}

/** One file per key (or per listed item), with the item's mode or the volume's. */
async function writeKeys(
  dir: string,
  inputs: PodInputs,
  kind: SourceKind,
  name: string | undefined,
  items: KeyToPath[] | undefined,
  optional: boolean | undefined,
  defaultMode: number,
): Promise<void> {
  const data = await inputs.required(kind, name, optional);
  const entries = items ?? [...data.keys()].map((key) => ({ key, path: key, mode: undefined }));
  for (const item of entries) {
    const value = data.get(item.key);
    if (value === undefined) {
      if (optional) continue;
      throw new ContainerConfigError(`${kind === 'Secret' ? 'secret' : 'configmap'} "${name ?? ''}" references non-existent ${kind === 'Secret' ? 'secret' : 'config'} key: ${item.key}`);
    }
    const mode = item.mode ?? defaultMode;
    // A Secret's file on this host is readable by its owner only, whatever mode the pod asks for
    // (the API server defaults defaultMode to 0644): other local users are not in the pod.
    await writeFileWithMode(path.join(dir, checkedRelative(item.path, `${kind} ${name ?? ''} item path`)), value, kind === 'Secret' ? mode & 0o700 : mode);
  }
}

async function writeFields(dir: string, pod: Pod, items: { path: string; fieldRef?: { fieldPath: string }; mode?: number }[], defaultMode: number): Promise<void> {
  for (const item of items) {
    if (!item.fieldRef) throw new ContainerConfigError(`downwardAPI item ${item.path}: only fieldRef is supported by the embedded hub's Job runner`);
    await writeFileWithMode(path.join(dir, checkedRelative(item.path, 'downwardAPI item path')), podField(pod, item.fieldRef.fieldPath), item.mode ?? defaultMode);
  }
}

async function writeFileWithMode(file: string, data: string | Buffer, mode: number): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
  await fs.writeFile(file, data, { mode });
  // The umask narrows the mode open() applies.
  await fs.chmod(file, mode);
}

/** A relative path that stays inside its volume. */
function checkedRelative(p: string, what: string): string {
  const normal = path.normalize(p);
  if (path.isAbsolute(p) || normal === '..' || normal.startsWith('../')) throw new ContainerConfigError(`${what} "${p}" must be a relative path inside the volume`);
  return normal;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}
