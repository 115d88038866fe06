// The source hub every restore test reads from: namespaces, Secrets, ConfigMaps, a namespaced CRD
// and its objects (with a status), a cluster-scoped CRD and its objects, all labelled
// `test=restore`, plus a backup `full` of exactly those.
import { stringify as stringifyYaml } from 'yaml';
import type { Backup } from '../../src/api/velero/index.js';
import { CONFIGMAPS, type KubeObject, type ResourceRef } from '../../src/kube/index.js';
import type { FsObjectStore } from '../../src/local/velero/object-store/fs-store.js';
import type { HubAccess } from '../support/index.js';
import { apply, makeBackup, yamlDocs } from './restore-helpers.js';

export const WIDGETS: ResourceRef = { group: 'example.com', version: 'v1', plural: 'widgets', namespaced: true, kind: 'Widget' };
export const GADGETS: ResourceRef = { group: 'example.com', version: 'v1', plural: 'gadgets', namespaced: false, kind: 'Gadget' };

export const FIXTURES = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
  labels: {test: restore}
spec:
  group: example.com
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
          status: {type: object, x-kubernetes-preserve-unknown-fields: true}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
  labels: {test: restore}
spec:
  group: example.com
  names: {plural: gadgets, singular: gadget, kind: Gadget, listKind: GadgetList}
  scope: Cluster
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
---
apiVersion: v1
kind: Namespace
metadata:
  name: app1
  labels: {test: restore, team: alpha}
  annotations: {owner: alpha@example.com}
---
apiVersion: v1
kind: Namespace
metadata:
  name: app2
  labels: {test: restore}
---
apiVersion: v1
kind: Namespace
metadata:
  name: empty-ns
  labels: {test: restore}
---
apiVersion: v1
kind: Secret
metadata: {name: db-password, namespace: app1, labels: {test: restore, tier: db}}
type: Opaque
data: {password: c2VjcmV0LXZhbHVl}
---
apiVersion: v1
kind: Secret
metadata: {name: api-token, namespace: app2, labels: {test: restore, tier: web}}
type: Opaque
stringData: {token: abc123}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config, namespace: app1, labels: {test: restore, tier: web}, annotations: {note: front}}
data: {listen: ":8080", mode: production}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: db-config, namespace: app1, labels: {test: restore, tier: db}}
data: {engine: postgres}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config, namespace: app2, labels: {test: restore, tier: web}}
data: {listen: ":9090"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cache-config, namespace: app2, labels: {test: restore, tier: cache}}
data: {size: "64Mi"}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w1, namespace: app1, labels: {test: restore, tier: web}}
spec: {size: 3, color: blue}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w2, namespace: app2, labels: {test: restore, tier: db}}
spec: {size: 5}
---
apiVersion: example.com/v1
kind: Gadget
metadata: {name: g1, labels: {test: restore, tier: web}}
spec: {shape: round}
---
apiVersion: example.com/v1
kind: Gadget
metadata: {name: g2, labels: {test: restore, tier: db}}
spec: {shape: square}
`;

/** Applies the fixtures, gives w1 a status and app1/owned an owner, and backs them up as `full`. */
export async function populateSource(source: HubAccess, store: FsObjectStore): Promise<Backup> {
  const docs = yamlDocs(FIXTURES);
  await apply(
    source,
    docs
      .filter((d) => d.kind === 'CustomResourceDefinition')
      .map((d) => stringifyYaml(d))
      .join('\n---\n'),
  );
  await apply(source, FIXTURES);
  await source.client.patchStatus(WIDGETS, 'w1', { status: { ready: true, observed: 3 } }, { type: 'merge', namespace: 'app1' });
  const owner = await source.client.get<KubeObject>(CONFIGMAPS, 'web-config', { namespace: 'app1' });
  await source.client.create(CONFIGMAPS, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'owned',
      namespace: 'app1',
      labels: { test: 'restore' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-config', uid: owner.metadata?.uid ?? '' }],
    },
    data: { a: 'b' },
  });
  return makeBackup(source, store, 'full', { labelSelector: { matchLabels: { test: 'restore' } }, includeClusterResources: true });
}
