// Core kinds this package reads and writes, and the label patch helpers shared with prepare/.
import type { ResourceRef } from '../../kube/index.js';

export const SECRETS: ResourceRef = { group: '', version: 'v1', plural: 'secrets', namespaced: true, kind: 'Secret' };
export const CONFIGMAPS: ResourceRef = { group: '', version: 'v1', plural: 'configmaps', namespaced: true, kind: 'ConfigMap' };

/** Only metadata is ever read from Secrets here: token data never leaves the API server. */
export interface MetaOnly {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
    creationTimestamp?: string;
  };
}
