// Objects read from a storage location, checked against the schema the velero.io CRDs publish
// before anything uses them, as Velero's Go decoder checks them: a field of the wrong JSON type
// (`metadata.name: 5`, `labels: "x"`) fails the whole file, unknown fields are ignored, null leaves
// a field unset. CRDs do not describe metadata, so ObjectMeta's own field types are listed here.
import { VELERO_API_VERSION, type Backup, type PodVolumeBackup } from '../../../api/velero/index.js';
import { backupSpecSchema, backupStatusSchema, podVolumeBackupSpecSchema, podVolumeBackupStatusSchema } from '../../../api/velero/schema.js';

/** The parts of a structural schema that say what JSON type a field has. */
export interface FieldTypes {
  type?: string;
  format?: string;
  properties?: Readonly<Record<string, FieldTypes>>;
  additionalProperties?: FieldTypes | boolean;
  items?: FieldTypes;
  'x-kubernetes-int-or-string'?: boolean;
}

const text: FieldTypes = { type: 'string' };
const time: FieldTypes = { type: 'string', format: 'date-time' };
const int: FieldTypes = { type: 'integer' };
const bool: FieldTypes = { type: 'boolean' };
const strings: FieldTypes = { type: 'array', items: text };
const stringMap: FieldTypes = { type: 'object', additionalProperties: text };

/** metav1.ObjectMeta's JSON types. */
export const OBJECT_META_TYPES: FieldTypes = {
  type: 'object',
  properties: {
    name: text,
    generateName: text,
    namespace: text,
    selfLink: text,
    uid: text,
    resourceVersion: text,
    generation: int,
    creationTimestamp: time,
    deletionTimestamp: time,
    deletionGracePeriodSeconds: int,
    labels: stringMap,
    annotations: stringMap,
    ownerReferences: {
      type: 'array',
      items: { type: 'object', properties: { apiVersion: text, kind: text, name: text, uid: text, controller: bool, blockOwnerDeletion: bool } },
    },
    finalizers: strings,
    managedFields: {
      type: 'array',
      items: {
        type: 'object',
        properties: { manager: text, operation: text, apiVersion: text, time, fieldsType: text, fieldsV1: {}, subresource: text },
      },
    },
  },
};

function objectTypes(spec: FieldTypes, status: FieldTypes): FieldTypes {
  return { type: 'object', properties: { apiVersion: text, kind: text, metadata: OBJECT_META_TYPES, spec, status } };
}

const BACKUP_TYPES = objectTypes(backupSpecSchema, backupStatusSchema);
const POD_VOLUME_BACKUP_TYPES = objectTypes(podVolumeBackupSpecSchema, podVolumeBackupStatusSchema);

/** A file in storage that does not decode into the object it should hold. */
export class StoredObjectError extends Error {
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`error decoding ${key}: ${problem}`);
    this.name = 'StoredObjectError';
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const INT64_LIMIT = 2 ** 63;

/** The Go type a schema stands for, as Go's decoder names it in messages. */
function goType(types: FieldTypes): string {
  switch (types.type) {
    case 'string':
      return 'string';
    case 'integer':
      return 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${types.items ? goType(types.items) : 'interface {}'}`;
    case 'object':
      if (types.properties) return 'struct';
      return typeof types.additionalProperties === 'object' ? `map[string]${goType(types.additionalProperties)}` : 'map[string]interface {}';
    default:
      return 'interface {}';
  }
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

/**
 * Where `value` cannot become the Go value `types` describes, in the words of Go's decoder
 * (`json: cannot unmarshal number into Go struct field Backup.metadata.name of type string`);
 * undefined when it can.
 */
export function typeMismatch(value: unknown, types: FieldTypes, path: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  const wrong = (what = jsonKind(value)): string => `json: cannot unmarshal ${what} into Go struct field ${path} of type ${goType(types)}`;
  if (types['x-kubernetes-int-or-string']) {
    return typeof value === 'string' || Number.isInteger(value)
      ? undefined
      : `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${path} of type intstr.IntOrString`;
  }
  switch (types.type) {
    case 'string':
      if (typeof value !== 'string') return wrong();
      if (types.format === 'date-time' && !RFC3339.test(value)) return `parsing time ${JSON.stringify(value)} for ${path}: not an RFC 3339 time`;
      return undefined;
    case 'integer':
      if (typeof value !== 'number') return wrong();
      return Number.isInteger(value) && Math.abs(value) < INT64_LIMIT ? undefined : wrong(`number ${value}`);
    case 'number':
      return typeof value === 'number' ? undefined : wrong();
    case 'boolean':
      return typeof value === 'boolean' ? undefined : wrong();
    case 'array': {
      if (!Array.isArray(value)) return wrong();
      if (!types.items) return undefined;
      for (const item of value) {
        const problem = typeMismatch(item, types.items, path);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return wrong();
      for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
        const fieldTypes = types.properties?.[key] ?? (typeof types.additionalProperties === 'object' ? types.additionalProperties : undefined);
        const problem = fieldTypes && typeMismatch(field, fieldTypes, `${path}.${key}`);
        if (problem) return problem;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function decode(key: string, json: Buffer | unknown, kind: string, types: FieldTypes): Record<string, unknown> {
  let parsed: unknown = json;
  if (Buffer.isBuffer(json)) {
    try {
      parsed = JSON.parse(json.toString('utf8'));
    } catch (err) {
      throw new StoredObjectError(key, (err as Error).message);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new StoredObjectError(key, `not a JSON object`);
  const problem = typeMismatch(parsed, types, kind);
  if (problem) throw new StoredObjectError(key, problem);
  return parsed as Record<string, unknown>;
}

/** `velero-backup.json`: a velero.io/v1 Backup whose every field has the type the CRD gives it. */
export function decodeStoredBackup(key: string, json: Buffer): Backup {
  const obj = decode(key, json, 'Backup', BACKUP_TYPES);
  if (obj.apiVersion !== VELERO_API_VERSION || obj.kind !== 'Backup') {
    throw new StoredObjectError(key, `expected ${VELERO_API_VERSION} Backup, found ${String(obj.apiVersion)} ${String(obj.kind)}`);
  }
  const backup = obj as unknown as Backup;
  backup.metadata ??= {};
  return backup;
}

/** `<name>-podvolumebackups.json.gz`: null or a list of PodVolumeBackups; null entries are skipped. */
export function decodeStoredPodVolumeBackups(key: string, json: Buffer): PodVolumeBackup[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch (err) {
    throw new StoredObjectError(key, (err as Error).message);
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) throw new StoredObjectError(key, 'not a JSON array');
  return parsed
    .filter((item) => item !== null)
    .map((item) => {
      const pvb = decode(key, item, 'PodVolumeBackup', POD_VOLUME_BACKUP_TYPES) as unknown as PodVolumeBackup;
      pvb.metadata ??= {};
      return pvb;
    });
}
