import { InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`--port must be an integer from 0 to 65535, got "${value}"`);
  return n;
}

export function parseHost(value: string): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(value)) throw new InvalidArgumentError(`--host must be a host name or IP address, got "${value}"`);
  return value;
}
