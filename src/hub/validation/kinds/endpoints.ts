// Endpoints (core validation ValidateEndpoints): addresses must be IPs, ports valid.
import { isIP } from 'node:net';
import type { FieldError } from '../../errors.js';
import { validateProtocol } from '../containers.js';
import { isDNS1123Label, isValidPortNum } from '../k8s-strings.js';
import { invalidEach, list, str, type KindValidator } from '../kind-validator.js';
import { nameIsDNSSubdomain } from '../names.js';

function validateAddresses(addresses: unknown, field: string): FieldError[] {
  return list(addresses).flatMap((a, i) =>
    isIP(str(a.ip)) === 0
      ? [{ type: 'Invalid' as const, field: `${field}[${i}].ip`, value: str(a.ip), detail: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' }]
      : [],
  );
}

function validatePorts(ports: unknown, field: string): FieldError[] {
  const items = list(ports);
  return items.flatMap((p, i) => {
    const at = `${field}[${i}]`;
    const name = str(p.name);
    const port = typeof p.port === 'number' ? p.port : 0;
    return [
      ...(items.length > 1 && !name ? [{ type: 'Required' as const, field: `${at}.name` }] : []),
      ...(name ? invalidEach(`${at}.name`, name, isDNS1123Label(name)) : []),
      ...invalidEach(`${at}.port`, port, isValidPortNum(port)),
      ...validateProtocol(p.protocol, `${at}.protocol`),
    ];
  });
}

export const endpointsValidator: KindValidator = {
  name: nameIsDNSSubdomain,
  core: true,
  defaults(ep) {
    for (const subset of list(ep.subsets)) for (const p of list(subset.ports)) p.protocol ??= 'TCP';
  },
  validate(ep) {
    return list(ep.subsets).flatMap((subset, i) => {
      const at = `subsets[${i}]`;
      const errs: FieldError[] = [];
      if (list(subset.addresses).length === 0 && list(subset.notReadyAddresses).length === 0) {
        errs.push({ type: 'Required', field: at, detail: 'must specify `addresses` or `notReadyAddresses`' });
      }
      errs.push(...validateAddresses(subset.addresses, `${at}.addresses`), ...validateAddresses(subset.notReadyAddresses, `${at}.notReadyAddresses`));
      errs.push(...validatePorts(subset.ports, `${at}.ports`));
      return errs;
    });
  },
};
