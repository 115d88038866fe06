import type { ObjectStore } from './object-store.js';

/** Whole small objects (velero-backup.json, side files); never use it for a tarball. */
export async function readObject(store: ObjectStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(key)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

export async function readObjectText(store: ObjectStore, key: string): Promise<string> {
  return (await readObject(store, key)).toString('utf8');
}
