// A pod's volumes (core validation ValidateVolumes, validateVolumeSource): unique DNS-label names,
// exactly one source each, and the common sources' required fields.
import type { FieldError } from '../errors.js';
import { invalidEach, list, record, str } from './kind-validator.js';
import { isDNS1123Label } from './k8s-strings.js';
import { validateResourceQuantityValue } from './resources.js';

/** VolumeSource fields in the order upstream checks them; the first one present wins. */
const VOLUME_SOURCES = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'quobyte',
  'downwardAPI',
  'fc',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'csi',
  'configMap',
  'projected',
  'scaleIO',
  'storageos',
  'ephemeral',
  'image',
];

const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

function required(v: unknown, field: string): FieldError[] {
  return str(v) === '' ? [{ type: 'Required', field }] : [];
}

function fileMode(v: unknown, field: string): FieldError[] {
  if (typeof v !== 'number') return [];
  return v < 0 || v > 0o777 ? [{ type: 'Invalid', field, value: v, detail: FILE_MODE_ERROR }] : [];
}

/** validateLocalDescendingPath: relative, and never stepping out with '..'. */
export function validateLocalDescendingPath(p: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (p.startsWith('/')) errs.push({ type: 'Invalid', field, value: p, detail: 'must be a relative path' });
  if (p.split(/[\\/]/).includes('..')) errs.push({ type: 'Invalid', field, value: p, detail: "must not contain '..'" });
  return errs;
}

function keyToPaths(items: unknown, field: string): FieldError[] {
  return list(items).flatMap((item, i) => {
    const at = `${field}[${i}]`;
    const key = str(item.key);
    const errs: FieldError[] = [
      ...(key === '' ? [{ type: 'Required' as const, field: `${at}.key` }] : []),
      ...(str(item.path) === '' ? [{ type: 'Required' as const, field: `${at}.path` }] : validateLocalDescendingPath(str(item.path), `${at}.path`)),
      ...fileMode(item.mode, `${at}.mode`),
    ];
    return errs;
  });
}

/** The rules of the sources Lifeboat's users actually write; the others are accepted as given. */
function validateSource(name: string, source: Record<string, unknown>, field: string): FieldError[] {
  switch (name) {
    case 'emptyDir':
      return source.sizeLimit === undefined ? [] : validateResourceQuantityValue('storage', source.sizeLimit, `${field}.sizeLimit`);
    case 'hostPath': {
      const errs = required(source.path, `${field}.path`);
      const t = str(source.type);
      if (!HOST_PATH_TYPES.includes(t)) errs.push({ type: 'NotSupported', field: `${field}.type`, value: t, supported: HOST_PATH_TYPES });
      return errs;
    }
    case 'secret':
      return [
        ...required(source.secretName, `${field}.secretName`),
        ...fileMode(source.defaultMode, `${field}.defaultMode`),
        ...keyToPaths(source.items, `${field}.items`),
      ];
    case 'configMap':
      return [
        ...required(source.name, `${field}.name`),
        ...fileMode(source.defaultMode, `${field}.defaultMode`),
        ...keyToPaths(source.items, `${field}.items`),
      ];
    case 'persistentVolumeClaim':
      return required(source.claimName, `${field}.claimName`);
    case 'nfs': {
      const errs = [...required(source.server, `${field}.server`), ...required(source.path, `${field}.path`)];
      if (str(source.path) && !str(source.path).startsWith('/'))
        errs.push({ type: 'Invalid', field: `${field}.path`, value: str(source.path), detail: 'must be an absolute path' });
      return errs;
    }
    case 'csi':
      return required(source.driver, `${field}.driver`);
    default:
      return [];
  }
}

function validateVolumeSource(volume: Record<string, unknown>, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const name of VOLUME_SOURCES) {
    if (volume[name] === undefined) continue;
    if (count > 0) {
      errs.push({ type: 'Forbidden', field: `${field}.${name}`, detail: 'may not specify more than 1 volume type' });
      continue;
    }
    count++;
    errs.push(...validateSource(name, record(volume[name]), `${field}.${name}`));
  }
  if (count === 0) errs.push({ type: 'Required', field, detail: 'must specify a volume type' });
  return errs;
}

/** The valid volumes by name (what mounts may refer to), and the problems found. */
export function validateVolumes(volumes: unknown, field: string): { names: Map<string, Record<string, unknown>>; errors: FieldError[] } {
  const names = new Map<string, Record<string, unknown>>();
  const errors: FieldError[] = [];
  list(volumes).forEach((vol, i) => {
    const at = `${field}[${i}]`;
    const name = str(vol.name);
    const errs = validateVolumeSource(vol, at);
    if (!name) errs.push({ type: 'Required', field: `${at}.name` });
    else errs.push(...invalidEach(`${at}.name`, name, isDNS1123Label(name)));
    if (names.has(name)) errs.push({ type: 'Duplicate', field: `${at}.name`, value: name });
    if (errs.length === 0) names.set(name, vol);
    else errors.push(...errs);
  });
  return { names, errors };
}
