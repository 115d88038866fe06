import type { Change } from './sqlite-store.js';
import { describeError } from '../../util/safe-error.js';

export interface ChangeListener {
  /** Storage key the listener cares about, or undefined for every change (controllers). */
  storageKey?: string;
  onChange(change: Change): void;
}

/** In-memory fan-out of committed changes to open watches and in-process controllers. */
export class WatchHub {
  private readonly byKey = new Map<string, Set<ChangeListener>>();
  private readonly global = new Set<ChangeListener>();

  add(listener: ChangeListener): () => void {
    const set = listener.storageKey === undefined ? this.global : this.setFor(listener.storageKey);
    set.add(listener);
    return () => set.delete(listener);
  }

  publish(changes: Change[]): void {
    for (const change of changes) {
      for (const l of this.global) safeCall(l, change);
      const set = this.byKey.get(change.storageKey);
      if (set) for (const l of set) safeCall(l, change);
    }
  }

  count(): number {
    let n = this.global.size;
    for (const s of this.byKey.values()) n += s.size;
    return n;
  }

  private setFor(key: string): Set<ChangeListener> {
    let set = this.byKey.get(key);
    if (!set) {
      set = new Set();
      this.byKey.set(key, set);
    }
    return set;
  }
}

// One broken listener must not stop the others from hearing about a committed change.
function safeCall(l: ChangeListener, c: Change): void {
  try {
    l.onChange(c);
  } catch (err) {
    process.emitWarning(`watch listener failed: ${describeError(err).type}`);
  }
}
