// Core kinds this package reads and writes, and the label patch helpers shared with prepare/.
import { SECRETS, CONFIGMAPS } from '../../kube/index.js';
export { SECRETS, CONFIGMAPS };

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
