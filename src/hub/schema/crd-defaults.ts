// The defaults apiextensions.k8s.io/v1 fills into a CRD before validating it, so a CRD read
// back from the hub has the same fields a real cluster would show.

import { isJsonObject } from '../../util/json.js';

/** Fills upstream's v1 defaults into `crd.spec` in place; anything malformed is left alone. */
export function defaultCrdSpec(crd: { metadata?: { name?: string }; spec?: unknown }): void {
  const spec = crd.spec;
  if (!isJsonObject(spec)) return;

  const names = spec.names;
  if (isJsonObject(names) && typeof names.kind === 'string') {
    if (typeof names.singular !== 'string' || names.singular === '') names.singular = names.kind.toLowerCase();
    if ((typeof names.listKind !== 'string' || names.listKind === '') && names.kind !== '') names.listKind = `${names.kind}List`;
  }

  if (spec.conversion === undefined || spec.conversion === null) spec.conversion = { strategy: 'None' };
  const conversion = spec.conversion;
  if (isJsonObject(conversion) && isJsonObject(conversion.webhook) && isJsonObject(conversion.webhook.clientConfig)) {
    const service = conversion.webhook.clientConfig.service;
    if (isJsonObject(service) && service.port === undefined) service.port = 443;
  }

  // Printer-column priority is left unset: kube-apiserver serialises 0 as absent, and storing it
  // would make a second `kubectl apply` of the same CRD report "configured".
}
