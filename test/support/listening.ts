// Whether something accepts TCP connections at an address: how a test (or benchmark) knows a
// server it started in another process is ready.
import net from 'node:net';
import { waitFor } from './wait.js';

export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export function waitForListener(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return waitFor(`a listener on ${host}:${port}`, () => canConnect(host, port), timeoutMs);
}
