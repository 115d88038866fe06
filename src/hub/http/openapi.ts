import { createHash } from 'node:crypto';
import type { ResourceRegistry } from '../registry/registry.js';
import { groupVersion, type ResourceType } from '../registry/resource-type.js';
import type { JsonSchema } from '../../api/crd/schema.js';

// A synthetic OpenAPI v3 document per group-version: enough for kubectl apply/create/replace to
// find the fieldValidation parameter (and so validate on the server) and for `kubectl explain` on
// custom resources. Strategic merge is deliberately not advertised (kube-api spec §2.4).

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

function reversedGroup(group: string): string {
  return group ? group.split('.').reverse().join('.') : 'io.k8s.api.core';
}

export function schemaName(group: string, version: string, kind: string): string {
  return `${reversedGroup(group)}.${version}.${kind}`;
}

function gvk(rt: ResourceType, version: string): Record<string, string>[] {
  return [{ group: rt.group, version, kind: rt.kind }];
}

function withObjectMeta(schema: JsonSchema | undefined): Record<string, unknown> {
  const base = (schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as Record<string, unknown>;
  const properties = { ...((base.properties as Record<string, unknown>) ?? {}) };
  properties.apiVersion ??= { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' };
  properties.kind ??= { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' };
  properties.metadata = { type: 'object', description: 'Standard object metadata.', 'x-kubernetes-preserve-unknown-fields': true };
  return { ...base, properties };
}

export function groupVersionDocument(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const types = registry.all().filter((rt) => rt.group === group && rt.versions.some((v) => v.served && v.name === version));
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  for (const rt of types) {
    const v = rt.versions.find((x) => x.name === version);
    const name = schemaName(group, version, rt.kind);
    const ref = { $ref: `#/components/schemas/${name}` };
    const itemPath = `${prefix}${rt.namespaced ? '/namespaces/{namespace}' : ''}/${rt.plural}/{name}`;
    const parameters = [
      { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } },
      { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
    ];
    paths[itemPath] = {
      get: {
        operationId: `read${rt.kind}`,
        responses: { '200': { content: { 'application/json': { schema: ref } } } },
        'x-kubernetes-group-version-kind': gvk(rt, version)[0],
      },
      put: {
        operationId: `replace${rt.kind}`,
        parameters,
        requestBody: { content: { '*/*': { schema: ref } } },
        responses: { '200': {} },
        'x-kubernetes-group-version-kind': gvk(rt, version)[0],
      },
      patch: {
        operationId: `patch${rt.kind}`,
        parameters,
        requestBody: { content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema: { type: 'object' } }])) },
        responses: { '200': { content: { 'application/json': { schema: ref } } } },
        'x-kubernetes-group-version-kind': gvk(rt, version)[0],
        'x-kubernetes-action': 'patch',
      },
    };
    const collectionPath = `${prefix}${rt.namespaced ? '/namespaces/{namespace}' : ''}/${rt.plural}`;
    paths[collectionPath] = {
      post: {
        operationId: `create${rt.kind}`,
        parameters,
        requestBody: { content: { '*/*': { schema: ref } } },
        responses: { '201': {} },
        'x-kubernetes-group-version-kind': gvk(rt, version)[0],
      },
    };
    schemas[name] = { ...withObjectMeta(rt.crdName ? v?.schema : undefined), 'x-kubernetes-group-version-kind': gvk(rt, version) };
  }
  return { openapi: '3.0.0', info: { title: 'Lifeboat embedded hub', version: 'v1.32.0' }, paths, components: { schemas } };
}

export function documentHash(doc: unknown): string {
  return createHash('sha256').update(JSON.stringify(doc)).digest('hex').slice(0, 64).toUpperCase();
}

export function openApiRoot(registry: ResourceRegistry): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const rt of registry.all()) {
    for (const v of rt.versions) {
      if (!v.served) continue;
      const gv = groupVersion(rt.group, v.name);
      if (seen.has(gv)) continue;
      seen.add(gv);
      const rel = rt.group ? `apis/${rt.group}/${v.name}` : `api/${v.name}`;
      const doc = groupVersionDocument(registry, rt.group, v.name);
      paths[rel] = { serverRelativeURL: `/openapi/v3/${rel}?hash=${documentHash(doc)}` };
    }
  }
  return { paths };
}
