// Core kinds this package reads and writes, and the label patch helpers shared with prepare/.
import type { KubeObject, ObjectMeta } from '../../api/meta.js';
import { SECRETS, CONFIGMAPS } from '../../kube/index.js';
export { SECRETS, CONFIGMAPS };

/** Only metadata is ever read from Secrets here: token data never leaves the API server. */
export type MetaOnly = KubeObject & { metadata: ObjectMeta };
