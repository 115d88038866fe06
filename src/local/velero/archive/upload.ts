import { PassThrough } from 'node:stream';
import type { ObjectStore } from '../object-store/object-store.js';
import { TarGzWriter, type TarGzWriterOptions } from './tar-writer.js';

/** A tarball streamed straight into an object-store key; finish() resolves once it is stored. */
export interface TarGzUpload {
  addFile(path: string, body: Buffer): Promise<void>;
  readonly count: number;
  finish(): Promise<void>;
  /** Abandons the upload: nothing is stored under the key (the store's put is atomic). */
  abort(err: Error): Promise<void>;
}

export function createTarGzUpload(store: ObjectStore, key: string, opts: TarGzWriterOptions = {}): TarGzUpload {
  const body = new PassThrough();
  const writer = new TarGzWriter(body, opts);
  const stored = store.put(key, body);
  // If the store fails first, stop the writer so addFile rejects instead of waiting forever.
  stored.catch((err: unknown) => writer.abort(err instanceof Error ? err : new Error(String(err))));
  return {
    addFile: (path, data) => writer.addFile(path, data),
    get count() {
      return writer.count;
    },
    async finish() {
      await Promise.all([writer.finish(), stored]);
    },
    async abort(err) {
      writer.abort(err);
      body.destroy(err);
      await stored.catch(() => undefined);
    },
  };
}
