import type { CrdDefinition } from '../crd/render.js';
import * as S from '../crd/schema.js';

/** Marks every CRD of this folder, so `lifeboat up --no-ocm-crds` can tell them from Lifeboat's own. */
export const OCM_CRD_LABEL = 'lifeboat.io/ocm-crd';

/** A kind of another product (OCM, Hive, OpenShift, OADP) that the embedded hub serves as a stand-in. */
export function defineOcmKind(def: Omit<CrdDefinition, 'labels'>): CrdDefinition {
  return { ...def, labels: { [OCM_CRD_LABEL]: 'true' } };
}

/** A label selector as the stand-ins declare it: looser than metav1's (neither nullable nor atomic). */
export const ocmLabelSelector = (): S.JsonSchema =>
  S.object({
    matchLabels: S.stringMap(),
    matchExpressions: S.arrayOf(S.object({ key: S.string(), operator: S.string(), values: S.stringList() }, { required: ['key', 'operator'] })),
  });
