// One behavioural suite for every ObjectStore: what the backup engine relies on must hold for a
// directory and for an S3 bucket alike.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { FsObjectStore } from '../../src/local/velero/object-store/fs-store.js';
import { ObjectNotFoundError, type ObjectStore } from '../../src/local/velero/object-store/object-store.js';
import { S3ObjectStore } from '../../src/local/velero/object-store/s3-store.js';
import { readObjectText } from '../../src/local/velero/object-store/read-object.js';
import { InvalidObjectKeyError, backupMetadataKey, backupContentsKey } from '../../src/local/velero/layout.js';
import { S3RVER_CREDENTIALS, startS3rver, tempDir, type S3rverEnv } from '../support/index.js';

interface StoreFactory {
  /** A fresh, empty store rooted at `prefix`. */
  open(prefix: string): Promise<ObjectStore>;
  setup(): Promise<void>;
  teardown(): Promise<void>;
}

async function collect(iter: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of iter) out.push(key);
  return out;
}

async function sha256Of(stream: Readable): Promise<{ hash: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { hash: hash.digest('hex'), size };
}

/** A stream of `total` random bytes in 64 KiB chunks, and its sha256. */
function randomStream(total: number): { stream: Readable; hash: string } {
  const data = randomBytes(total);
  const hash = createHash('sha256').update(data).digest('hex');
  let offset = 0;
  const stream = new Readable({
    read() {
      if (offset >= total) return void this.push(null);
      this.push(data.subarray(offset, offset + 65536));
      offset += 65536;
    },
  });
  return { stream, hash };
}

let prefixCounter = 0;

function defineStoreSuite(name: string, factory: StoreFactory): void {
  describe(`ObjectStore behaviour: ${name}`, () => {
    let store: ObjectStore;
    before(async () => {
      await factory.setup();
    });
    after(async () => {
      await factory.teardown();
    });
    const fresh = async (): Promise<ObjectStore> => {
      store = await factory.open(`suite-${++prefixCounter}`);
      return store;
    };

    it('puts and gets buffers and strings', async () => {
      const s = await fresh();
      await s.put('backups/b1/velero-backup.json', '{"kind":"Backup"}');
      await s.put('backups/b1/b1-logs.gz', Buffer.from([0x1f, 0x8b, 0, 1, 2]));
      assert.equal(await readObjectText(s, 'backups/b1/velero-backup.json'), '{"kind":"Backup"}');
      const bytes = await sha256Of(await s.get('backups/b1/b1-logs.gz'));
      assert.equal(bytes.size, 5);
    });

    it('streams a multi-MiB object in and out unchanged', async () => {
      const s = await fresh();
      const size = 12 * 1024 * 1024 + 12345;
      const { stream, hash } = randomStream(size);
      await s.put(backupContentsKey('big'), stream);
      const read = await sha256Of(await s.get(backupContentsKey('big')));
      assert.equal(read.size, size);
      assert.equal(read.hash, hash);
    });

    it('overwrites an existing object', async () => {
      const s = await fresh();
      await s.put('backups/b/velero-backup.json', 'first version, longer');
      await s.put('backups/b/velero-backup.json', 'second');
      assert.equal(await readObjectText(s, 'backups/b/velero-backup.json'), 'second');
    });

    it('reports existence, deletes, and treats deleting a missing key as done', async () => {
      const s = await fresh();
      const key = backupMetadataKey('gone');
      assert.equal(await s.exists(key), false);
      await s.put(key, 'x');
      assert.equal(await s.exists(key), true);
      assert.equal(await s.exists('backups/gone'), false, 'a "directory" is not an object');
      await s.delete(key);
      assert.equal(await s.exists(key), false);
      await s.delete(key);
      assert.deepEqual(await s.listPrefixes('backups/'), []);
    });

    it('rejects get of a missing key with ObjectNotFoundError naming the key', async () => {
      const s = await fresh();
      await assert.rejects(s.get('backups/nope/velero-backup.json'), (err: unknown) => {
        assert.ok(err instanceof ObjectNotFoundError);
        assert.equal(err.key, 'backups/nope/velero-backup.json');
        assert.match(err.message, /backups\/nope\/velero-backup\.json/);
        return true;
      });
      await s.put('backups/dir/file', 'x');
      await assert.rejects(s.get('backups/dir'), ObjectNotFoundError);
    });

    it('lists keys recursively by string prefix, in lexical order', async () => {
      const s = await fresh();
      const keys = [
        'backups/b2/velero-backup.json',
        'backups/b1/b1.tar.gz',
        'backups/b1/velero-backup.json',
        'backups/c1/x',
        'restores/r1/restore-r1-logs.gz',
        'top.txt',
      ];
      for (const key of keys) await s.put(key, key);
      assert.deepEqual(await collect(s.list('backups/')), [
        'backups/b1/b1.tar.gz',
        'backups/b1/velero-backup.json',
        'backups/b2/velero-backup.json',
        'backups/c1/x',
      ]);
      assert.deepEqual(await collect(s.list('backups/b')), ['backups/b1/b1.tar.gz', 'backups/b1/velero-backup.json', 'backups/b2/velero-backup.json']);
      assert.deepEqual(await collect(s.list('backups/b1/')), ['backups/b1/b1.tar.gz', 'backups/b1/velero-backup.json']);
      assert.deepEqual((await collect(s.list(''))).sort(), [...keys].sort());
      assert.deepEqual(await collect(s.list('nothing/')), []);
    });

    it('lists common prefixes one level down, without slashes', async () => {
      const s = await fresh();
      assert.deepEqual(await s.listPrefixes(''), [], 'an empty store has no prefixes');
      for (const key of [
        'backups/b2/velero-backup.json',
        'backups/b1/velero-backup.json',
        'backups/b1/sub/deep',
        'restores/r/x',
        'kopia/repo/blob',
        'plain-file',
      ]) {
        await s.put(key, 'x');
      }
      assert.deepEqual(await s.listPrefixes(''), ['backups', 'kopia', 'restores']);
      assert.deepEqual(await s.listPrefixes('backups/'), ['b1', 'b2']);
      assert.deepEqual(await s.listPrefixes('backups'), ['b1', 'b2']);
      assert.deepEqual(await s.listPrefixes('backups/b1/'), ['sub']);
      assert.deepEqual(await s.listPrefixes('missing/'), []);
    });

    it('keeps stores with different prefixes apart', async () => {
      const a = await factory.open(`iso-${++prefixCounter}/a`);
      const b = await factory.open(`iso-${prefixCounter}/b`);
      await a.put('backups/x/velero-backup.json', 'a');
      assert.equal(await b.exists('backups/x/velero-backup.json'), false);
      assert.deepEqual(await b.listPrefixes(''), []);
      assert.deepEqual(await collect(a.list('')), ['backups/x/velero-backup.json']);
    });

    it('leaves no object behind when the body stream fails', async () => {
      const s = await fresh();
      const body = new PassThrough();
      const pending = s.put('backups/broken/broken.tar.gz', body);
      body.write(randomBytes(6 * 1024 * 1024));
      setTimeout(() => body.destroy(new Error('source went away')), 50);
      await assert.rejects(pending);
      assert.equal(await s.exists('backups/broken/broken.tar.gz'), false);
      assert.deepEqual(await collect(s.list('')), []);
    });

    it('refuses keys that escape or are malformed', async () => {
      const s = await fresh();
      for (const key of ['../outside', 'backups/../../etc/passwd', '/absolute', 'a//b', './a', 'a/./b', '', 'dir/', 'a\\b']) {
        await assert.rejects(s.put(key, 'x'), InvalidObjectKeyError, `put ${JSON.stringify(key)}`);
        await assert.rejects(s.get(key), InvalidObjectKeyError, `get ${JSON.stringify(key)}`);
        await assert.rejects(s.exists(key), InvalidObjectKeyError, `exists ${JSON.stringify(key)}`);
        await assert.rejects(s.delete(key), InvalidObjectKeyError, `delete ${JSON.stringify(key)}`);
      }
      await assert.rejects(s.listPrefixes('../'), InvalidObjectKeyError);
      await assert.rejects(collect(s.list('../x')), InvalidObjectKeyError);
    });
  });
}

// ---------------------------------------------------------------------------------------------

let fsRoot = '';
defineStoreSuite('FsObjectStore', {
  async setup() {
    fsRoot = await tempDir('fsstore');
  },
  async teardown() {
    await rm(fsRoot, { recursive: true, force: true });
  },
  async open(prefix) {
    return new FsObjectStore(path.join(fsRoot, prefix));
  },
});

let s3: S3rverEnv | undefined;
const opened: S3ObjectStore[] = [];
defineStoreSuite('S3ObjectStore', {
  async setup() {
    s3 = await startS3rver(['lifeboat-test']);
  },
  async teardown() {
    for (const store of opened) store.close();
    await s3?.close();
  },
  async open(prefix) {
    const store = new S3ObjectStore({
      bucket: 'lifeboat-test',
      prefix: `/${prefix}/`,
      region: 'us-east-1',
      endpoint: s3!.endpoint,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
    opened.push(store);
    return store;
  },
});

// ---------------------------------------------------------------------------------------------

describe('FsObjectStore specifics', () => {
  let root = '';
  before(async () => {
    root = await tempDir('fsstore');
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates directories 0700 and files 0600, since backups hold Secrets', async () => {
    const store = new FsObjectStore(path.join(root, 'modes', 'bsl'));
    await store.put('backups/b1/velero-backup.json', '{}');
    await store.put('backups/b1/b1.tar.gz', Readable.from([Buffer.from('tar')]));
    for (const dir of ['modes/bsl', 'modes/bsl/backups', 'modes/bsl/backups/b1']) {
      assert.equal((await stat(path.join(root, dir))).mode & 0o777, 0o700, dir);
    }
    for (const file of ['velero-backup.json', 'b1.tar.gz']) {
      assert.equal((await stat(path.join(root, 'modes/bsl/backups/b1', file))).mode & 0o777, 0o600, file);
    }
  });

  it('never shows a partially written object to readers', async () => {
    const store = new FsObjectStore(path.join(root, 'atomic'));
    const key = 'backups/b/b.tar.gz';
    await store.put(key, 'old complete object');
    const body = new PassThrough();
    const pending = store.put(key, body);
    body.write(Buffer.alloc(1024 * 1024, 1));
    // Mid-write: readers still see the previous object whole, and no temp file is listed.
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await readObjectText(store, key), 'old complete object');
    assert.deepEqual(await collect(store.list('')), [key]);
    assert.deepEqual(await store.listPrefixes('backups/b'), []);
    body.end(Buffer.alloc(1024 * 1024, 2));
    await pending;
    const read = await sha256Of(await store.get(key));
    assert.equal(read.size, 2 * 1024 * 1024);
    assert.deepEqual(await readdir(path.join(root, 'atomic/backups/b')), ['b.tar.gz'], 'no temp file left behind');
  });

  it('prunes directories emptied by delete, so they stop being prefixes', async () => {
    const store = new FsObjectStore(path.join(root, 'prune'));
    await store.put('backups/b1/a', 'x');
    await store.put('backups/b2/a', 'x');
    await store.delete('backups/b1/a');
    assert.deepEqual(await store.listPrefixes('backups/'), ['b2']);
    assert.deepEqual(await readdir(path.join(root, 'prune/backups')), ['b2']);
  });

  it('treats a missing root as an empty store and fails when the root is a file', async () => {
    const missing = new FsObjectStore(path.join(root, 'does-not-exist'));
    assert.deepEqual(await missing.listPrefixes(''), []);
    assert.deepEqual(await collect(missing.list('')), []);
    const fileRoot = new FsObjectStore(path.join(root, 'modes/bsl/backups/b1/velero-backup.json'));
    await assert.rejects(fileRoot.listPrefixes(''), /ENOTDIR/);
  });

  it('ignores empty directories, as S3 has none', async () => {
    const store = new FsObjectStore(path.join(root, 'empty-dirs'));
    await store.put('backups/b1/velero-backup.json', '{}');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(root, 'empty-dirs/stray/deeper'), { recursive: true });
    assert.deepEqual(await store.listPrefixes(''), ['backups']);
  });
});
