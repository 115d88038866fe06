// Generates src/hub/decode/builtin-go-types.ts: the Go types (field names, JSON names, Go type
// names) of the built-in kinds the embedded hub serves, so that the hub decodes their bodies as
// kube-apiserver's JSON decoder does and names the same Go types in its errors.
//
// Usage: node --import tsx scripts/gen-builtin-go-types.ts <k8s.io/api dir> <k8s.io/apimachinery dir>
// with both checked out at the tag matching the hub's reported version (v0.32.4 for 1.32). Only
// `types.go` of each package is read; facts (names and types) are extracted, nothing else.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [apiDir, machineryDir] = process.argv.slice(2);
if (!apiDir || !machineryDir) {
  console.error('usage: gen-builtin-go-types.ts <k8s.io/api dir> <k8s.io/apimachinery dir>');
  process.exit(2);
}

/** Package key → [source file, Go package name]. */
const PACKAGES: Record<string, { file: string; importPath: string }> = {
  'core/v1': { file: join(apiDir, 'core/v1/types.go'), importPath: 'k8s.io/api/core/v1' },
  'batch/v1': { file: join(apiDir, 'batch/v1/types.go'), importPath: 'k8s.io/api/batch/v1' },
  'coordination/v1': { file: join(apiDir, 'coordination/v1/types.go'), importPath: 'k8s.io/api/coordination/v1' },
  'events/v1': { file: join(apiDir, 'events/v1/types.go'), importPath: 'k8s.io/api/events/v1' },
  'rbac/v1': { file: join(apiDir, 'rbac/v1/types.go'), importPath: 'k8s.io/api/rbac/v1' },
  'storage/v1': { file: join(apiDir, 'storage/v1/types.go'), importPath: 'k8s.io/api/storage/v1' },
  'meta/v1': { file: join(machineryDir, 'pkg/apis/meta/v1/types.go'), importPath: 'k8s.io/apimachinery/pkg/apis/meta/v1' },
};

const KEY_OF_IMPORT: Record<string, string> = {
  'k8s.io/api/core/v1': 'core/v1',
  'k8s.io/api/batch/v1': 'batch/v1',
  'k8s.io/apimachinery/pkg/apis/meta/v1': 'meta/v1',
  'k8s.io/apimachinery/pkg/api/resource': 'resource',
  'k8s.io/apimachinery/pkg/types': 'types',
  'k8s.io/apimachinery/pkg/util/intstr': 'intstr',
  'k8s.io/apimachinery/pkg/runtime': 'runtime',
};

/** Types with their own UnmarshalJSON (or from packages not read): kept as leaves. */
const LEAVES: Record<string, string> = {
  'meta/v1.Time': '@time',
  'meta/v1.MicroTime': '@microtime',
  'meta/v1.Duration': '@duration',
  'meta/v1.FieldsV1': '@any',
  'resource.Quantity': '@quantity',
  'intstr.IntOrString': '@intorstring',
  'runtime.RawExtension': '@any',
  'types.UID': '=string',
};

/** The kinds served; everything reachable from them is emitted. */
const ROOTS = [
  'core/v1.Namespace',
  'core/v1.Secret',
  'core/v1.ConfigMap',
  'core/v1.ServiceAccount',
  'core/v1.Service',
  'core/v1.Endpoints',
  'core/v1.Event',
  'core/v1.PersistentVolumeClaim',
  'core/v1.PersistentVolume',
  'core/v1.Pod',
  'core/v1.ResourceQuota',
  'core/v1.LimitRange',
  'batch/v1.Job',
  'coordination/v1.Lease',
  'events/v1.Event',
  'rbac/v1.Role',
  'rbac/v1.RoleBinding',
  'rbac/v1.ClusterRole',
  'rbac/v1.ClusterRoleBinding',
  'storage/v1.StorageClass',
];

interface Field {
  json: string;
  type: string;
  inline: boolean;
}
type Decl = { kind: 'struct'; fields: Field[] } | { kind: 'named'; underlying: string; alias: boolean };

const decls = new Map<string, Decl>();

function parsePackage(key: string, file: string): void {
  const src = readFileSync(file, 'utf8');
  const imports = new Map<string, string>();
  const importBlock = /^import \(([\s\S]*?)^\)/m.exec(src);
  for (const line of (importBlock?.[1] ?? '').split('\n')) {
    const m = /^\s*(\w+)?\s*"([^"]+)"/.exec(line);
    if (!m) continue;
    const path = m[2];
    const alias = m[1] ?? path.split('/').pop()!;
    imports.set(alias, KEY_OF_IMPORT[path] ?? path);
  }
  const qualify = (t: string): string =>
    t.replace(/(\*|\[\]|map\[|\]|^)([A-Za-z_][\w]*)(\.([A-Za-z_]\w*))?/g, (whole, pre: string, a: string, _dot: string, b: string | undefined) => {
      if (b !== undefined) return `${pre}${imports.get(a) ?? a}.${b}`;
      if (/^(string|bool|int|int8|int16|int32|int64|uint|uint8|uint16|uint32|uint64|float32|float64|byte|any)$/.test(a) || a === 'interface') return whole;
      return `${pre}${key}.${a}`;
    });
  const lines = src.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const structStart = /^type (\w+) struct \{\s*$/.exec(line);
    if (structStart) {
      const fields: Field[] = [];
      for (i++; i < lines.length && !/^\}/.test(lines[i]); i++) {
        const l = lines[i].trim();
        if (l === '' || l.startsWith('//')) continue;
        const tag = /`([^`]*)`/.exec(l)?.[1] ?? '';
        const jsonTag = /json:"([^"]*)"/.exec(tag)?.[1];
        const decl = l
          .replace(/`[^`]*`.*$/, '')
          .replace(/\/\/.*$/, '')
          .trim();
        const parts = decl.split(/\s+/);
        let name: string;
        let type: string;
        if (parts.length === 1) {
          type = parts[0];
          name = type.replace(/^\*/, '').split('.').pop()!;
        } else {
          name = parts[0];
          type = parts.slice(1).join('');
        }
        if (jsonTag === '-') continue;
        if (!/^[A-Z]/.test(name)) continue;
        const jsonName = jsonTag?.split(',')[0] ?? '';
        const embedded = parts.length === 1;
        fields.push({ json: jsonName || (embedded ? '' : name), type: qualify(type), inline: embedded && jsonName === '' });
      }
      decls.set(`${key}.${structStart[1]}`, { kind: 'struct', fields });
      continue;
    }
    const named = /^type (\w+) (=\s*)?([^{\s][^\s/]*)\s*(\/\/.*)?$/.exec(line);
    if (named && named[3] !== 'struct' && named[3] !== 'interface') {
      decls.set(`${key}.${named[1]}`, { kind: 'named', underlying: qualify(named[3]), alias: Boolean(named[2]) });
    }
  }
}

for (const [key, p] of Object.entries(PACKAGES)) parsePackage(key, p.file);

// Walk from the roots, collecting every declaration the roots reach.
const reached = new Set<string>();
function refsOf(type: string): string[] {
  return [...type.matchAll(/[a-z0-9/]+\.[A-Z]\w*/g)].map((m) => m[0]);
}
function reach(name: string): void {
  if (reached.has(name)) return;
  reached.add(name);
  if (LEAVES[name]) return;
  const d = decls.get(name);
  if (!d) throw new Error(`unknown Go type ${name}`);
  const types = d.kind === 'struct' ? d.fields.map((f) => f.type) : [d.underlying];
  for (const t of types) for (const r of refsOf(t)) reach(r);
}
for (const r of ROOTS) reach(r);

/** Flattens embedded structs the way encoding/json does (here: no name conflicts occur). */
function flatten(name: string): { json: string; type: string }[] {
  const d = decls.get(name);
  if (!d || d.kind !== 'struct') throw new Error(`${name} is not a struct`);
  const out: { json: string; type: string }[] = [];
  for (const f of d.fields) {
    if (f.inline) out.push(...flatten(f.type.replace(/^\*/, '')));
    else out.push({ json: f.json, type: f.type });
  }
  return out;
}

const entries: string[] = [];
for (const name of [...reached].sort()) {
  const leaf = LEAVES[name];
  if (leaf) {
    entries.push(`  '${name}': '${leaf}',`);
    continue;
  }
  const d = decls.get(name)!;
  if (d.kind === 'named') {
    entries.push(`  '${name}': '${d.alias ? '~' : '='}${d.underlying}',`);
    continue;
  }
  const fields = flatten(name).map((f) => `${f.json}:${f.type}`);
  entries.push(`  '${name}': '${fields.join(' ')}',`);
}

const out = `// Generated by scripts/gen-builtin-go-types.ts from k8s.io/api and k8s.io/apimachinery v0.32.4
// (types.go of each package): do not edit by hand.
//
// Each entry is a Go type, keyed '<package>.<Name>':
//   'json:<type> json:<type> …'  a struct, embedded structs flattened, in declaration order;
//   '=<type>'                    a named type (its reflect name is '<package name>.<Name>');
//   '~<type>'                    an alias (reflect names the target);
//   '@<leaf>'                    a type with its own JSON decoding (time, quantity, …).
// Types are written as in Go, with packages as keys: []core/v1.Container, map[string]string, *int32.

export const BUILTIN_GO_TYPES: Record<string, string> = {
${entries.join('\n')}
};
`;
writeFileSync(new URL('../src/hub/decode/builtin-go-types.ts', import.meta.url), out);
console.log(`${reached.size} types`);
