import type { Change, SqliteStore } from './sqlite-store.js';

interface Pending {
  run: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: writes that arrive in the same turn of the event loop run in one SQLite
 * transaction, each in its own savepoint so one failing write does not undo the others. Nobody is
 * answered, and no watcher is told, until the transaction is durable.
 */
export class Committer {
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly store: SqliteStore,
    private readonly publish: (changes: Change[]) => void,
    private readonly maxBatch = 256,
  ) {}

  submit<T>(run: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the hub is shutting down'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Runs everything queued now. Called on shutdown so in-flight writes are committed. */
  flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const outcomes: { ok: boolean; value: unknown }[] = [];
      try {
        this.store.transaction(() => {
          for (const item of batch) {
            try {
              outcomes.push({ ok: true, value: this.store.transaction(item.run) });
            } catch (err) {
              outcomes.push({ ok: false, value: err });
            }
          }
        });
      } catch (err) {
        this.store.takeCommitted();
        for (const item of batch) item.reject(err);
        continue;
      }
      const changes = this.store.takeCommitted();
      if (changes.length > 0) this.publish(changes);
      batch.forEach((item, i) => (outcomes[i].ok ? item.resolve(outcomes[i].value) : item.reject(outcomes[i].value)));
    }
  }

  close(): void {
    this.flush();
    this.closed = true;
  }
}
