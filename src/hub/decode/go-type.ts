// The Go types of the built-in kinds, read from the generated table: what kind of value each is,
// and its reflect name (`v1.ObjectMeta`, `[]v1.Container`, `map[string]string`, `int32`), which
// is what the API server's decode errors print.
import { BUILTIN_GO_TYPES } from './builtin-go-types.js';

export type GoLeaf = 'time' | 'microtime' | 'quantity' | 'intorstring' | 'duration' | 'any';

export type GoType =
  | { k: 'string' | 'bool' | 'float'; name: string }
  | { k: 'int'; name: string; kind: string; min: number; max: number }
  | { k: 'bytes'; name: string }
  | { k: 'slice'; name: string; readonly elem: GoType }
  | { k: 'map'; name: string; readonly elem: GoType }
  | { k: 'ptr'; name: string; readonly elem: GoType }
  | { k: 'struct'; name: string; structName: string; readonly fields: ReadonlyMap<string, GoType> }
  | { k: 'leaf'; name: string; leaf: GoLeaf };

const INT_RANGES: Record<string, [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint8: [0, 255],
  byte: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  uint: [0, Number.MAX_SAFE_INTEGER],
};

const LEAF_NAMES: Record<GoLeaf, string> = {
  time: 'v1.Time',
  microtime: 'v1.MicroTime',
  quantity: 'resource.Quantity',
  intorstring: 'intstr.IntOrString',
  duration: 'v1.Duration',
  any: 'v1.FieldsV1',
};

/** reflect's package name for a table key's package: core/v1 → v1, resource → resource. */
function packageName(key: string): string {
  return key.slice(0, key.lastIndexOf('.')).split('/').pop() ?? key;
}

const resolved = new Map<string, GoType>();

/** A Go type expression from the table (`[]core/v1.Container`, `*int32`, `core/v1.ResourceList`). */
export function goType(expr: string): GoType {
  const known = resolved.get(expr);
  if (known) return known;
  const t = parse(expr);
  resolved.set(expr, t);
  return t;
}

function primitive(name: string, displayName = name): GoType | undefined {
  if (name === 'string') return { k: 'string', name: displayName };
  if (name === 'bool') return { k: 'bool', name: displayName };
  if (name === 'float32' || name === 'float64') return { k: 'float', name: displayName };
  const range = INT_RANGES[name];
  const kind = name === 'byte' ? 'uint8' : name;
  if (range) return { k: 'int', name: displayName === 'byte' ? 'uint8' : displayName, kind, min: range[0], max: range[1] };
  return undefined;
}

function lazy(expr: string): () => GoType {
  return () => goType(expr);
}

function parse(expr: string): GoType {
  if (expr.startsWith('*')) {
    const elem = lazy(expr.slice(1));
    return {
      k: 'ptr',
      get name() {
        return `*${elem().name}`;
      },
      get elem() {
        return elem();
      },
    };
  }
  if (expr === '[]byte' || expr === '[]uint8') return { k: 'bytes', name: '[]uint8' };
  if (expr.startsWith('[]')) {
    const elem = lazy(expr.slice(2));
    return {
      k: 'slice',
      get name() {
        return `[]${elem().name}`;
      },
      get elem() {
        return elem();
      },
    };
  }
  if (expr.startsWith('map[')) {
    const close = expr.indexOf(']');
    const key = lazy(expr.slice(4, close));
    const elem = lazy(expr.slice(close + 1));
    return {
      k: 'map',
      get name() {
        return `map[${key().name}]${elem().name}`;
      },
      get elem() {
        return elem();
      },
    };
  }
  const builtin = primitive(expr);
  if (builtin) return builtin;
  return named(expr);
}

function named(key: string): GoType {
  const entry = BUILTIN_GO_TYPES[key];
  if (entry === undefined) throw new Error(`no Go type ${key} in the built-in table`);
  const simpleName = key.slice(key.lastIndexOf('.') + 1);
  const displayName = `${packageName(key)}.${simpleName}`;
  if (entry.startsWith('@')) {
    const leaf = entry.slice(1) as GoLeaf;
    return { k: 'leaf', leaf, name: LEAF_NAMES[leaf] };
  }
  if (entry.startsWith('~')) return goType(entry.slice(1));
  if (entry.startsWith('=')) {
    // A named type keeps its underlying kind but prints its own name.
    const base = primitive(entry.slice(1), displayName);
    if (base) return base;
    return Object.create(goType(entry.slice(1)), { name: { value: displayName } }) as GoType;
  }
  const fieldExprs = new Map<string, string>();
  for (const part of entry.split(' ')) {
    const colon = part.indexOf(':');
    fieldExprs.set(part.slice(0, colon), part.slice(colon + 1));
  }
  let fields: Map<string, GoType> | undefined;
  return {
    k: 'struct',
    name: displayName,
    structName: simpleName,
    get fields() {
      fields ??= new Map([...fieldExprs].map(([json, t]) => [json, goType(t)]));
      return fields;
    },
  };
}

/** The table key of a served kind's Go type, or undefined for kinds the table does not describe. */
export function builtinKindKey(group: string, kind: string): string | undefined {
  const pkg: Record<string, string> = {
    '': 'core/v1',
    batch: 'batch/v1',
    'coordination.k8s.io': 'coordination/v1',
    'events.k8s.io': 'events/v1',
    'rbac.authorization.k8s.io': 'rbac/v1',
    'storage.k8s.io': 'storage/v1',
  };
  const p = pkg[group];
  if (p === undefined) return undefined;
  const key = `${p}.${kind}`;
  return BUILTIN_GO_TYPES[key] === undefined ? undefined : key;
}
