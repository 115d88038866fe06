// Addresses in 127.0.0.0/8 for the embedded hub's Services and pods. Linux routes the whole block
// to the loopback interface, so each Service can have an address of its own and listen on its
// documented port, however many Services (and hubs) share the machine. 127.0.x.x is left out:
// 127.0.0.1 and Debian's 127.0.1.1 are the machine's own.
import { createHash, randomInt } from 'node:crypto';

function fromNumber(n: number): string {
  const second = 1 + (n % 254);
  const third = Math.floor(n / 254) % 256;
  const fourth = 1 + (Math.floor(n / (254 * 256)) % 254);
  return `127.${second}.${third}.${fourth}`;
}

const SPACE = 254 * 256 * 254;

/** A fresh address (a Service's, once, when it is created). */
export function randomLoopbackAddress(): string {
  return fromNumber(randomInt(SPACE));
}

/** The same address for the same seed (a pod's, from its uid). */
export function loopbackAddressFor(seed: string): string {
  return fromNumber(createHash('sha256').update(seed).digest().readUInt32BE(0) % SPACE);
}

/** An address this module hands out (not 127.0.0.1 nor another network's). */
export function isOwnLoopbackAddress(ip: string): boolean {
  return /^127\.([1-9]\d{0,2})\.\d{1,3}\.\d{1,3}$/.test(ip);
}
