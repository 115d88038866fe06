/** What a request path addresses (apiserver's RequestInfoFactory, reduced to the hub's needs). */
export type RequestTarget =
  | { type: 'version' | 'health' | 'apiRoot' | 'apisRoot' | 'openapiV3Root' | 'openapiV2' | 'metrics' }
  | { type: 'openapiV3'; group: string; version: string }
  | { type: 'groupVersion'; group: string; version: string }
  | { type: 'group'; group: string }
  | {
      type: 'resource';
      group: string;
      version: string;
      namespace?: string;
      resource: string;
      name?: string;
      subresource?: string;
      watchPrefix: boolean;
    }
  | { type: 'unknown' };

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRequestPath(pathname: string): RequestTarget {
  if (pathname === '/version' || pathname === '/version/') return { type: 'version' };
  if (['/healthz', '/livez', '/readyz'].includes(pathname.replace(/\/$/, '')) || /^\/(healthz|livez|readyz)\/[a-z-]+$/.test(pathname)) {
    return { type: 'health' };
  }
  if (pathname === '/metrics') return { type: 'metrics' };
  if (pathname === '/openapi/v3' || pathname === '/openapi/v3/') return { type: 'openapiV3Root' };
  if (pathname === '/openapi/v2' || pathname === '/swagger.json') return { type: 'openapiV2' };
  let m = /^\/openapi\/v3\/api\/([^/]+)$/.exec(pathname);
  if (m) return { type: 'openapiV3', group: '', version: m[1] };
  m = /^\/openapi\/v3\/apis\/([^/]+)\/([^/]+)$/.exec(pathname);
  if (m) return { type: 'openapiV3', group: m[1], version: m[2] };

  // `pathname` is already decoded (request-target.ts). Split as the apiserver's RequestInfo does,
  // trimming only the ends: an empty segment inside (`namespaces//configmaps`) names nothing
  // rather than shifting every later segment into another role.
  const trimmed = pathname.replace(/^\/+|\/+$/g, '');
  const parts = trimmed === '' ? [] : trimmed.split('/');
  if (parts.includes('')) return { type: 'unknown' };
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { type: 'apiRoot' };
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { type: 'apisRoot' };
    if (parts.length === 2) return { type: 'group', group: parts[1] };
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return { type: 'unknown' };
  }
  if (rest.length === 0) return { type: 'groupVersion', group, version };
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
  }
  if (rest.length === 0 || rest.length > 3) return { type: 'unknown' };
  return { type: 'resource', group, version, namespace, resource: rest[0], name: rest[1], subresource: rest[2], watchPrefix };
}
