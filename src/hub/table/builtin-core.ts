// Core/v1 (and Lease) printers: the columns and cells of pkg/printers/internalversion, which the
// real apiserver renders with Wide set, so priority-1 cells are always present.

import { AGE_COLUMN, NAME_COLUMN, column, wide } from './columns.js';
import { ageOf, formatLabels, joinHostPort, nameOf, quantity } from './print-helpers.js';
import type { TableSpec } from './types.js';
import { at, int, list, rec, str, type Obj } from './unstructured.js';

function countKeys(...maps: unknown[]): number {
  return maps.reduce<number>((n, m) => n + Object.keys(rec(m)).length, 0);
}

export const NAMESPACE_TABLE: TableSpec = {
  columns: [NAME_COLUMN, column('Status', 'The status of the namespace'), AGE_COLUMN],
  cells: (obj, now) => [nameOf(obj), str(at(obj, 'status', 'phase')), ageOf(obj, now)],
};

export const CONFIGMAP_TABLE: TableSpec = {
  columns: [
    NAME_COLUMN,
    column(
      'Data',
      "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
    ),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [nameOf(obj), countKeys(obj.data, obj.binaryData), ageOf(obj, now)],
};

export const SECRET_TABLE: TableSpec = {
  columns: [
    NAME_COLUMN,
    column(
      'Type',
      'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
    ),
    column(
      'Data',
      "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
    ),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [nameOf(obj), str(obj.type), countKeys(obj.data), ageOf(obj, now)],
};

export const SERVICEACCOUNT_TABLE: TableSpec = {
  columns: [
    NAME_COLUMN,
    column(
      'Secrets',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret',
    ),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [nameOf(obj), list(obj.secrets).length, ageOf(obj, now)],
};

// The stored form is defaulted by the API (type ClusterIP, protocol TCP, clusterIPs from
// clusterIP); the same defaults apply here so an object written without them prints alike.
function serviceExternalIP(spec: Obj, status: Obj): string {
  const externalIPs = list(spec.externalIPs).map(str);
  switch (str(spec.type) || 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = list(at(status, 'loadBalancer', 'ingress')).map(rec);
      const lb = [...new Set(ingress.map((i) => str(i.ip) || str(i.hostname)).filter((s) => s))].sort();
      if (externalIPs.length) return [...lb, ...externalIPs].join(',');
      return lb.length ? lb.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

function servicePorts(spec: Obj): string {
  const ports = list(spec.ports).map(rec);
  if (!ports.length) return '<none>';
  return ports
    .map((p) => {
      const protocol = str(p.protocol) || 'TCP';
      const nodePort = int(p.nodePort);
      return nodePort > 0 ? `${int(p.port)}:${nodePort}/${protocol}` : `${int(p.port)}/${protocol}`;
    })
    .join(',');
}

export const SERVICE_TABLE: TableSpec = {
  columns: [
    NAME_COLUMN,
    column('Type', 'type determines how the Service is exposed. Defaults to ClusterIP.'),
    column('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    column('Port(s)', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    wide('Selector', 'Route service traffic to pods with label keys and values matching this selector.'),
  ],
  cells: (obj, now) => {
    const spec = rec(obj.spec);
    const clusterIPs = list(spec.clusterIPs).map(str);
    const clusterIP = clusterIPs[0] ?? (str(spec.clusterIP) || '<none>');
    return [
      nameOf(obj),
      str(spec.type) || 'ClusterIP',
      clusterIP,
      serviceExternalIP(spec, rec(obj.status)),
      servicePorts(spec),
      ageOf(obj, now),
      formatLabels(spec.selector),
    ];
  },
};

// formatEndpoints: at most three address:port pairs, then "+ N more...".
function formatEndpoints(obj: Obj): string {
  const subsets = list(obj.subsets).map(rec);
  if (!subsets.length) return '<none>';
  const max = 3;
  const shown: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = list(ss.addresses).map((a) => str(rec(a).ip));
    const ports = list(ss.ports).map(rec);
    // Headless services may have no ports: addresses alone are listed.
    const pairs = ports.length ? ports.flatMap((p) => addresses.map((ip) => joinHostPort(ip, int(p.port)))) : addresses;
    count += pairs.length;
    for (const pair of pairs) if (shown.length < max) shown.push(pair);
  }
  const text = shown.join(',');
  return count > max ? `${text} + ${count - max} more...` : text;
}

export const ENDPOINTS_TABLE: TableSpec = {
  columns: [
    NAME_COLUMN,
    column(
      'Endpoints',
      'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.',
    ),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [nameOf(obj), formatEndpoints(obj), ageOf(obj, now)],
};

function quotaColumns(obj: Obj): [requests: string, limits: string] {
  const hard = rec(at(obj, 'status', 'hard'));
  const used = rec(at(obj, 'status', 'used'));
  const requests: string[] = [];
  const limits: string[] = [];
  for (const resource of Object.keys(hard).sort()) {
    const entry = `${resource}: ${quantity(used[resource])}/${quantity(hard[resource])}`;
    (resource.startsWith('limits.') ? limits : requests).push(entry);
  }
  return [requests.join(', '), limits.join(', ')];
}

export const RESOURCEQUOTA_TABLE: TableSpec = {
  columns: [
    NAME_COLUMN,
    column('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [nameOf(obj), ...quotaColumns(obj), ageOf(obj, now)],
};

export const LEASE_TABLE: TableSpec = {
  columns: [
    NAME_COLUMN,
    column(
      'Holder',
      'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.',
    ),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [nameOf(obj), str(at(obj, 'spec', 'holderIdentity')), ageOf(obj, now)],
};
