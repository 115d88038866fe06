// Velero's tarball format: what the writer produces opens with the system tar exactly as Velero's
// does, the reader gets every file back, and broken or hostile archives fail with a clear reason.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { TarGzWriter } from '../../src/local/velero/archive/tar-writer.js';
import { ArchiveError, readTarGz, type TarEntry } from '../../src/local/velero/archive/tar-reader.js';
import { UnsafeEntryPathError } from '../../src/local/velero/archive/entry-path.js';
import { createTarGzUpload } from '../../src/local/velero/archive/upload.js';
import { FsObjectStore } from '../../src/local/velero/object-store/fs-store.js';
import { backupContentsKey } from '../../src/local/velero/layout.js';
import { tempDir } from '../support/index.js';

function run(cmd: string, args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Collects everything written to it. */
class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(chunk);
    cb();
  }
  get data(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

async function archive(files: Array<[string, Buffer]>): Promise<Buffer> {
  const out = new Collector();
  const writer = new TarGzWriter(out);
  for (const [p, body] of files) await writer.addFile(p, body);
  await writer.finish();
  return out.data;
}

async function readAll(data: Buffer | Readable): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  for await (const entry of readTarGz(Buffer.isBuffer(data) ? Readable.from([data]) : data)) entries.push(entry);
  return entries;
}

/** A raw tar (no gzip checks) built with tar-stream, for hostile inputs. */
async function rawTar(entries: Array<{ name: string; body?: string; type?: 'file' | 'directory' | 'symlink'; linkname?: string }>): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const e of entries) {
    const header = { name: e.name, type: e.type ?? 'file', linkname: e.linkname };
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null): void => (err ? reject(err) : resolve());
      if (header.type === 'file') pack.entry(header, e.body ?? '', cb);
      else pack.entry(header, cb).end(Buffer.alloc(0));
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

const LONG_SPLITTABLE = `resources/managedclusters.cluster.open-cluster-management.io/v1-preferredversion/cluster/${'cluster-name-'.repeat(5)}x.json`;
const LONG_UNSPLITTABLE = `resources/configmaps/namespaces/ns/${'n'.repeat(180)}.json`;
const NON_ASCII = 'resources/configmaps/namespaces/ns/caf\u00e9.json';

describe('tar.gz archive', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('archive');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const files: Array<[string, Buffer]> = [
    ['metadata/version', Buffer.from('1.1.0\n')],
    ['resources/configmaps/namespaces/ns1/a.json', Buffer.from('{"apiVersion":"v1","kind":"ConfigMap"}')],
    ['resources/configmaps/v1-preferredversion/namespaces/ns1/a.json', Buffer.from('{"apiVersion":"v1","kind":"ConfigMap"}')],
    ['resources/namespaces/cluster/ns1.json', Buffer.from('{}')],
    [LONG_SPLITTABLE, Buffer.from('{"long":1}')],
    [LONG_UNSPLITTABLE, Buffer.from('{"long":2}')],
    [NON_ASCII, Buffer.from('{"accent":true}')],
    ['resources/secrets/namespaces/ns1/empty.json', Buffer.alloc(0)],
    ['resources/secrets/namespaces/ns1/big.json', randomBytes(3 * 1024 * 1024)],
  ];

  it('round-trips every file, in order, byte for byte', async () => {
    const data = await archive(files);
    const entries = await readAll(data);
    assert.deepEqual(
      entries.map((e) => e.path),
      files.map(([p]) => p),
    );
    for (const [i, [, body]] of files.entries()) assert.ok(entries[i]!.body.equals(body), files[i]![0]);
  });

  it('opens with the system tar: regular files, -rwxr-xr-x, owner 0/0, no directories', async () => {
    const started = Math.floor(Date.now() / 1000);
    const file = path.join(dir, 'backup.tar.gz');
    await writeFile(file, await archive(files));
    const list = await run('tar', ['-tzvf', file]);
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trim().split('\n');
    assert.equal(lines.length, files.length);
    for (const line of lines) {
      assert.match(line, /^-rwxr-xr-x 0\/0\s/, line);
    }
    assert.doesNotMatch(list.stdout, /^d/m);
    const names = (await run('tar', ['--quoting-style=literal', '-tzf', file])).stdout.trim().split('\n');
    assert.deepEqual(
      names,
      files.map(([p]) => p),
    );

    // Headers exactly: regular file, mode 0755, uid/gid 0, mtime = write time.
    const extract = tar.extract();
    Readable.from([await readFile(file)])
      .pipe((await import('node:zlib')).createGunzip())
      .pipe(extract as unknown as NodeJS.WritableStream);
    for await (const entry of extract) {
      const h = entry.header;
      assert.equal(h.type, 'file');
      assert.equal(h.mode, 0o755);
      assert.equal(h.uid, 0);
      assert.equal(h.gid, 0);
      const mtime = Math.floor(h.mtime!.getTime() / 1000);
      assert.ok(mtime >= started - 1 && mtime <= Math.ceil(Date.now() / 1000), `mtime ${h.mtime!.toISOString()}`);
      entry.resume();
    }

    const out = path.join(dir, 'extracted');
    await mkdir(out);
    const x = await run('tar', ['-xzf', file, '-C', out]);
    assert.equal(x.code, 0, x.stderr);
    assert.equal(await readFile(path.join(out, LONG_UNSPLITTABLE), 'utf8'), '{"long":2}');
    assert.equal(await readFile(path.join(out, NON_ASCII), 'utf8'), '{"accent":true}');
    assert.equal(await readFile(path.join(out, 'metadata/version'), 'utf8'), '1.1.0\n');
  });

  it('reads archives written by the system tar, skipping directory entries and ./ prefixes', async () => {
    const src = path.join(dir, 'src');
    await mkdir(path.join(src, 'resources/configmaps/namespaces/ns1'), { recursive: true });
    await writeFile(path.join(src, 'resources/configmaps/namespaces/ns1/a.json'), '{"a":1}');
    const file = path.join(dir, 'system.tar.gz');
    const c = await run('tar', ['-czf', file, '-C', src, '.']);
    assert.equal(c.code, 0, c.stderr);
    const entries = await readAll(await readFile(file));
    assert.deepEqual(
      entries.map((e) => [e.path, e.body.toString()]),
      [['resources/configmaps/namespaces/ns1/a.json', '{"a":1}']],
    );
  });

  it('applies back-pressure: addFile waits while the destination does not accept data', async () => {
    let release: (() => void) | undefined;
    const gate = new Promise<void>((r) => (release = r));
    const sink = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk, _enc, cb) {
        gate.then(() => cb(), cb);
      },
    });
    const writer = new TarGzWriter(sink);
    let resolved = 0;
    const pending = Array.from({ length: 8 }, (_, i) => writer.addFile(`resources/big/${i}.bin`, randomBytes(1024 * 1024)).then(() => resolved++));
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(resolved < 8, `all ${resolved} entries were accepted while the destination was blocked`);
    release!();
    await Promise.all(pending);
    await writer.finish();
    assert.equal(writer.count, 8);
  });

  it('streams into an object store key with createTarGzUpload', async () => {
    const store = new FsObjectStore(path.join(dir, 'store'));
    const upload = createTarGzUpload(store, backupContentsKey('b1'));
    for (const [p, body] of files) await upload.addFile(p, body);
    await upload.finish();
    const entries = await readAll(await store.get(backupContentsKey('b1')));
    assert.equal(entries.length, files.length);

    const aborted = createTarGzUpload(store, backupContentsKey('b2'));
    await aborted.addFile('metadata/version', Buffer.from('1.1.0\n'));
    await aborted.abort(new Error('backup failed'));
    assert.equal(await store.exists(backupContentsKey('b2')), false, 'an aborted upload leaves nothing');
  });

  it('refuses to write paths that escape, are absolute or empty', async () => {
    const writer = new TarGzWriter(new Collector());
    for (const bad of ['../etc/passwd', '/etc/passwd', 'resources/../../x', '', 'a//b', './a']) {
      await assert.rejects(writer.addFile(bad, Buffer.from('x')), UnsafeEntryPathError, bad);
    }
    await writer.finish();
  });

  it('rejects archives with escaping or absolute entry paths, naming the path', async () => {
    for (const name of ['../../etc/cron.d/evil', 'resources/../../../evil.json', '/etc/passwd']) {
      const data = gzipSync(
        await rawTar([
          { name: 'metadata/version', body: '1.1.0\n' },
          { name, body: 'x' },
        ]),
      );
      await assert.rejects(readAll(data), (err: unknown) => {
        assert.ok(err instanceof UnsafeEntryPathError, String(err));
        assert.match(err.message, /unsafe path in backup archive/);
        assert.ok(err.message.includes(JSON.stringify(name)), err.message);
        return true;
      });
    }
  });

  it('skips symlinks and directories instead of following them', async () => {
    const data = gzipSync(
      await rawTar([
        { name: 'resources', type: 'directory' },
        { name: 'resources/link', type: 'symlink', linkname: '/etc/passwd' },
        { name: 'resources/real.json', body: '{}' },
      ]),
    );
    assert.deepEqual(
      (await readAll(data)).map((e) => e.path),
      ['resources/real.json'],
    );
  });

  it('reports a truncated archive as truncated', async () => {
    const data = await archive(files);
    for (const cut of [Math.floor(data.length / 2), data.length - 4, 20]) {
      await assert.rejects(readAll(data.subarray(0, cut)), (err: unknown) => {
        assert.ok(err instanceof ArchiveError, String(err));
        assert.match(err.message, /^backup archive is truncated/);
        return true;
      });
    }
    // A complete gzip member whose tar stops inside an entry.
    const tarBytes = await rawTar([{ name: 'a.json', body: 'x'.repeat(4000) }]);
    await assert.rejects(readAll(gzipSync(tarBytes.subarray(0, 2048))), /backup archive is truncated: the tar stream ends inside an entry/);
  });

  it('reports random bytes and non-tar content clearly', async () => {
    await assert.rejects(readAll(randomBytes(4096)), (err: unknown) => {
      assert.ok(err instanceof ArchiveError, String(err));
      assert.match(err.message, /^backup archive is not valid gzip data/);
      return true;
    });
    await assert.rejects(readAll(gzipSync(randomBytes(4096))), (err: unknown) => {
      assert.ok(err instanceof ArchiveError, String(err));
      assert.match(err.message, /^backup archive is not a valid tar archive/);
      return true;
    });
    await assert.rejects(readAll(Buffer.alloc(0)), /backup archive is truncated/);
  });

  it('stops reading cleanly when the consumer breaks early', async () => {
    const data = await archive(files);
    const source = Readable.from([data]);
    for await (const entry of readTarGz(source)) {
      assert.equal(entry.path, 'metadata/version');
      break;
    }
    assert.ok(source.destroyed);
  });

  it('surfaces an error of the source stream', async () => {
    const source = new PassThrough();
    const reading = readAll(source);
    source.write((await archive(files)).subarray(0, 1000));
    source.destroy(new Error('connection reset'));
    await assert.rejects(reading, /reading backup archive: connection reset/);
  });
});
