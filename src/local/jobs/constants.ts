// Names the local Job runner uses on the objects it handles.
import { hostname } from 'node:os';

/** Keeps a pod whose process still runs from disappearing (graceful deletion, as a kubelet gives it). */
export const PROCESS_FINALIZER = 'lifeboat.io/local-process';

/** The node the runner plays: what it writes into pods' spec.nodeName and claims' selected-node. */
export function defaultNodeName(): string {
  return hostname().toLowerCase();
}

/** The kubelet's default per-container log size limit (containerLogMaxSize). */
export const DEFAULT_LOG_MAX_BYTES = 10 * 1024 * 1024;
