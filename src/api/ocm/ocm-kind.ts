import type { CrdDefinition } from './crd-builder.js';

/** Marks every CRD of this folder, so `lifeboat up --no-ocm-crds` can tell them from Lifeboat's own. */
export const OCM_CRD_LABEL = 'lifeboat.io/ocm-crd';

/** A kind of another product (OCM, Hive, OpenShift, OADP) that the embedded hub serves as a stand-in. */
export function defineOcmKind(def: Omit<CrdDefinition, 'labels'>): CrdDefinition {
  return { ...def, labels: { [OCM_CRD_LABEL]: 'true' } };
}
