// Services, as far as the local load balancer and the pod runner read them.
import type { KubeObject } from '../../kube/index.js';
export { SERVICES } from '../../kube/index.js';

export interface Service extends KubeObject {
  spec?: { type?: string; clusterIP?: string; selector?: Record<string, string>; ports?: { port?: number; targetPort?: number | string }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string; ipMode?: string }[] } };
}

/** A Service selects a pod when the pod carries every label of its (non-empty) selector. */
export function selects(service: Service, podLabels: Record<string, string> | undefined): boolean {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => podLabels?.[k] === v);
}
