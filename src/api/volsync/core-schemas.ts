// The Kubernetes core types that VolSync's CRDs embed (resource.Quantity, ResourceRequirements,
// PodSecurityContext, Affinity, the moverVolumes sources, metav1.Condition), as structural
// schemas with the same fields, types, formats and list/map markers the Kubernetes API publishes.

import type { JsonSchema } from '../crd/schema.js';
import { arrayOf, boolean, dateTime, int32, int64, object, string, stringList, stringMap } from '../crd/schema.js';

const QUANTITY_PATTERN = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

/** resource.Quantity: `1Gi`, `500M`, or a number. */
export const quantity = (): JsonSchema => ({
  anyOf: [{ type: 'integer' }, { type: 'string' }],
  pattern: QUANTITY_PATTERN,
  'x-kubernetes-int-or-string': true,
});

const atomicList = (items: JsonSchema): JsonSchema => arrayOf(items, { 'x-kubernetes-list-type': 'atomic' });
const atomicStrings = (): JsonSchema => stringList({ 'x-kubernetes-list-type': 'atomic' });

export const resourceRequirements = (): JsonSchema =>
  object({
    claims: arrayOf(object({ name: string(), request: string() }, { required: ['name'] }), {
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-list-type': 'map',
    }),
    limits: { type: 'object', additionalProperties: quantity() },
    requests: { type: 'object', additionalProperties: quantity() },
  });

const profile = (): JsonSchema => object({ localhostProfile: string(), type: string() }, { required: ['type'] });

export const podSecurityContext = (): JsonSchema =>
  object({
    appArmorProfile: profile(),
    fsGroup: int64(),
    fsGroupChangePolicy: string(),
    runAsGroup: int64(),
    runAsNonRoot: boolean(),
    runAsUser: int64(),
    seLinuxChangePolicy: string(),
    seLinuxOptions: object({ level: string(), role: string(), type: string(), user: string() }),
    seccompProfile: profile(),
    supplementalGroups: atomicList(int64()),
    supplementalGroupsPolicy: string(),
    sysctls: atomicList(object({ name: string(), value: string() }, { required: ['name', 'value'] })),
    windowsOptions: object({ gmsaCredentialSpec: string(), gmsaCredentialSpecName: string(), hostProcess: boolean(), runAsUserName: string() }),
  });

const selectorRequirement = (): JsonSchema => object({ key: string(), operator: string(), values: atomicStrings() }, { required: ['key', 'operator'] });

const nodeSelectorTerm = (): JsonSchema =>
  object({ matchExpressions: atomicList(selectorRequirement()), matchFields: atomicList(selectorRequirement()) }, { 'x-kubernetes-map-type': 'atomic' });

const labelSelector = (): JsonSchema =>
  object({ matchExpressions: atomicList(selectorRequirement()), matchLabels: stringMap() }, { 'x-kubernetes-map-type': 'atomic' });

const podAffinityTerm = (): JsonSchema =>
  object(
    {
      labelSelector: labelSelector(),
      matchLabelKeys: atomicStrings(),
      mismatchLabelKeys: atomicStrings(),
      namespaceSelector: labelSelector(),
      namespaces: atomicStrings(),
      topologyKey: string(),
    },
    { required: ['topologyKey'] },
  );

const podAffinity = (): JsonSchema =>
  object({
    preferredDuringSchedulingIgnoredDuringExecution: atomicList(
      object({ podAffinityTerm: podAffinityTerm(), weight: int32() }, { required: ['podAffinityTerm', 'weight'] }),
    ),
    requiredDuringSchedulingIgnoredDuringExecution: atomicList(podAffinityTerm()),
  });

export const affinity = (): JsonSchema =>
  object({
    nodeAffinity: object({
      preferredDuringSchedulingIgnoredDuringExecution: atomicList(
        object({ preference: nodeSelectorTerm(), weight: int32() }, { required: ['preference', 'weight'] }),
      ),
      requiredDuringSchedulingIgnoredDuringExecution: object(
        { nodeSelectorTerms: atomicList(nodeSelectorTerm()) },
        { required: ['nodeSelectorTerms'], 'x-kubernetes-map-type': 'atomic' },
      ),
    }),
    podAffinity: podAffinity(),
    podAntiAffinity: podAffinity(),
  });

/** VolSync's MoverVolume: a secret, PVC or NFS volume mounted at /mnt/<mountPath>. */
export const moverVolumes = (): JsonSchema =>
  arrayOf(
    object(
      {
        mountPath: string(),
        volumeSource: object({
          nfs: object({ path: string(), readOnly: boolean(), server: string() }, { required: ['path', 'server'] }),
          persistentVolumeClaim: object({ claimName: string(), readOnly: boolean() }, { required: ['claimName'] }),
          secret: object({
            defaultMode: int32(),
            items: atomicList(object({ key: string(), mode: int32(), path: string() }, { required: ['key', 'path'] })),
            optional: boolean(),
            secretName: string(),
          }),
        }),
      },
      { required: ['mountPath', 'volumeSource'] },
    ),
  );

/** metav1.Condition with the API's own validation. */
export const metav1Conditions = (): JsonSchema =>
  arrayOf(
    object(
      {
        lastTransitionTime: dateTime(),
        message: string({ maxLength: 32768 }),
        observedGeneration: int64({ minimum: 0 }),
        reason: string({ maxLength: 1024, minLength: 1, pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$' }),
        status: string({ enum: ['True', 'False', 'Unknown'] }),
        type: string({
          maxLength: 316,
          pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
        }),
      },
      { required: ['lastTransitionTime', 'message', 'reason', 'status', 'type'] },
    ),
  );
