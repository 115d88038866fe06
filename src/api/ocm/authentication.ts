// authentication.open-cluster-management.io ManagedServiceAccount: a service account on a managed
// cluster whose token the hub receives. The auto-import of imported clusters after a restore
// depends on its rotation validity and on the token timestamps in its status.

import { resourceOf, type CrdVersionDefinition } from '../crd/render.js';
import type { Condition, CustomObject } from '../meta.js';
import { defineOcmKind } from './ocm-kind.js';
import * as S from '../crd/schema.js';

export const MSA_API_VERSION = 'authentication.open-cluster-management.io/v1beta1';

export interface ManagedServiceAccountSpec {
  rotation?: {
    enabled?: boolean;
    /** A Go duration, e.g. `1440h0m0s`. */
    validity?: string;
  };
  ttlSecondsAfterCreation?: number;
  [key: string]: unknown;
}

export interface ManagedServiceAccountStatus {
  conditions?: Condition[];
  /** RFC3339. */
  expirationTimestamp?: string;
  tokenSecretRef?: { name?: string; lastRefreshTimestamp?: string };
  [key: string]: unknown;
}

export type ManagedServiceAccount = CustomObject<'ManagedServiceAccount', ManagedServiceAccountSpec, ManagedServiceAccountStatus>;

function msaVersion(name: string, storage: boolean): CrdVersionDefinition {
  return {
    name,
    storage,
    statusSubresource: true,
    properties: {
      spec: S.openObject({
        rotation: S.openObject({ enabled: S.boolean(), validity: S.string() }),
        ttlSecondsAfterCreation: S.int32({ minimum: 0 }),
      }),
      status: S.openObject({
        conditions: S.conditions(),
        expirationTimestamp: S.dateTime(),
        tokenSecretRef: S.openObject({ name: S.string(), lastRefreshTimestamp: S.dateTime() }),
      }),
    },
  };
}

// v1alpha1 is still served for older clients; the fields Lifeboat reads are the same in both, so
// no conversion is needed between them.
export const MANAGED_SERVICE_ACCOUNT_CRD = defineOcmKind({
  group: 'authentication.open-cluster-management.io',
  kind: 'ManagedServiceAccount',
  plural: 'managedserviceaccounts',
  scope: 'Namespaced',
  versions: [msaVersion('v1alpha1', false), msaVersion('v1beta1', true)],
});
export const MANAGED_SERVICE_ACCOUNTS = resourceOf(MANAGED_SERVICE_ACCOUNT_CRD);

export const AUTHENTICATION_KINDS = [MANAGED_SERVICE_ACCOUNT_CRD];
