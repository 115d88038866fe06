import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_LOG_LINE_BYTES, parseLogText } from '../../util/pod-logs.js';
import { PodLogWriter } from './log-writer.js';

test('a pod log keeps lines in order, splits long ones, and never grows past its cap (the newest lines stay)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-podlog-'));
  try {
    const file = path.join(dir, 'ns', 'pod', 'c.log');
    const writer = new PodLogWriter(file, 64 * 1024, () => Date.parse('2026-01-01T00:00:00.5Z'));
    writer.write('stdout', Buffer.from('first li'));
    writer.write('stderr', Buffer.from('an error\n'));
    writer.write('stdout', Buffer.from('ne\nunterminated'));
    writer.write('stdout', Buffer.from('x'.repeat(MAX_LOG_LINE_BYTES + 10) + '\n'));
    writer.note('stopped');
    writer.close();
    const entries = parseLogText(await readFile(file, 'utf8'));
    assert.deepEqual(
      entries.slice(0, 3).map((e) => [e.time, e.stream, e.full, e.content]),
      [
        ['2026-01-01T00:00:00.5Z', 'stderr', true, 'an error'],
        ['2026-01-01T00:00:00.5Z', 'stdout', true, 'first line'],
        ['2026-01-01T00:00:00.5Z', 'stdout', false, `unterminated${'x'.repeat(MAX_LOG_LINE_BYTES - 12)}`],
      ],
    );
    assert.deepEqual(entries.slice(3).map((e) => [e.stream, e.full, e.content.length]), [
      ['stdout', true, 22],
      ['stderr', true, 7],
    ]);

    const capped = path.join(dir, 'capped.log');
    const chatty = new PodLogWriter(capped, 16 * 1024, Date.now);
    for (let i = 0; i < 5000; i++) chatty.write('stdout', Buffer.from(`line ${i}\n`));
    chatty.close();
    assert.ok((await stat(capped)).size <= 16 * 1024);
    const kept = parseLogText(await readFile(capped, 'utf8'));
    assert.equal(kept.at(-1)?.content, 'line 4999');
    assert.ok(kept.length > 100);
    assert.deepEqual(kept.map((e) => Number(e.content.split(' ')[1])), kept.map((_, i) => 5000 - kept.length + i));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
