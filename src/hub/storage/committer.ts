import type { Change, SqliteStore } from './sqlite-store.js';

interface Pending {
  run: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: writes that arrive in the same turn of the event loop run in one SQLite
 * transaction, each in its own savepoint so one failing write does not undo the others. Watchers
 * hear a change as soon as it is committed (it then survives a crash of the process); the writers
 * are answered once it is on disk: one fsync of the WAL covers every transaction committed before
 * it started, and while it runs in the thread pool the next writes are taken in and committed, to
 * be covered by the next one. So writers share fsyncs instead of each blocking the event loop for
 * its own.
 */
export class Committer {
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;
  /** Answers for committed batches, given once the next fsync is done. */
  private awaitingSync: ((syncError: unknown) => void)[] = [];
  private syncing = false;

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
      this.answerWhenDurable((syncError) =>
        batch.forEach((item, i) => {
          if (!outcomes[i].ok) item.reject(outcomes[i].value);
          else if (syncError !== undefined) item.reject(syncError);
          else item.resolve(outcomes[i].value);
        }),
      );
    }
  }

  close(): void {
    this.flush();
    this.closed = true;
  }

  private answerWhenDurable(answer: (syncError: unknown) => void): void {
    if (!this.store.powerLossSafe) return answer(undefined);
    this.awaitingSync.push(answer);
    if (!this.syncing) void this.syncLoop();
  }

  private async syncLoop(): Promise<void> {
    this.syncing = true;
    while (this.awaitingSync.length > 0) {
      const covered = this.awaitingSync.splice(0);
      let syncError: unknown;
      try {
        await this.store.syncWal();
      } catch (err) {
        syncError = err;
      }
      for (const answer of covered) answer(syncError);
    }
    this.syncing = false;
  }
}
