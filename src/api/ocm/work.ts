// work.open-cluster-management.io ManifestWork: what the hub asks a managed cluster's agent to
// apply. The MSA auto-import creates some; the whole group is left out of backups.

import { resourceOf } from '../crd/render.js';
import type { Condition, CustomObject } from '../meta.js';
import { defineOcmKind } from './ocm-kind.js';
import * as S from '../crd/schema.js';

export interface ManifestWorkSpec {
  workload?: { manifests?: Record<string, unknown>[] };
  [key: string]: unknown;
}

export type ManifestWork = CustomObject<'ManifestWork', ManifestWorkSpec, { conditions?: Condition[]; [key: string]: unknown }>;

export const MANIFEST_WORK_CRD = defineOcmKind({
  group: 'work.open-cluster-management.io',
  kind: 'ManifestWork',
  plural: 'manifestworks',
  scope: 'Namespaced',
  versions: [
    {
      name: 'v1',
      storage: true,
      statusSubresource: true,
      properties: {
        spec: S.openObject({
          // Each manifest is a whole Kubernetes object, checked for apiVersion and kind as upstream does.
          workload: S.openObject({
            manifests: S.arrayOf({ type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true }),
          }),
          deleteOption: S.freeform(),
          manifestConfigs: S.arrayOf(S.freeform()),
          executor: S.freeform(),
        }),
        status: S.openObject({ conditions: S.conditions(), resourceStatus: S.freeform() }),
      },
    },
  ],
});
export const MANIFEST_WORKS = resourceOf(MANIFEST_WORK_CRD);

export const WORK_KINDS = [MANIFEST_WORK_CRD];
