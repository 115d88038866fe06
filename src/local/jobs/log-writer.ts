// A container's stdout and stderr as its pod log: one timestamped entry per line in the shared CRI
// format, and never more than `maxBytes` on disk: past that, the oldest half is dropped, as the
// kubelet rotates container logs.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { MAX_LOG_LINE_BYTES, formatLogEntry, logTime, type LogStream } from '../../util/pod-logs.js';

export class PodLogWriter {
  private fd: number;
  private size = 0;
  private readonly partial: Record<LogStream, Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
    private readonly now: () => number,
  ) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.fd = openSync(file, 'w', 0o600);
  }

  write(stream: LogStream, chunk: Buffer): void {
    let data = Buffer.concat([this.partial[stream], chunk]);
    for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10)) {
      let line = data.subarray(0, nl);
      for (; line.length > MAX_LOG_LINE_BYTES; line = line.subarray(MAX_LOG_LINE_BYTES)) this.emit(stream, line.subarray(0, MAX_LOG_LINE_BYTES), false);
      this.emit(stream, line, true);
      data = data.subarray(nl + 1);
    }
    while (data.length >= MAX_LOG_LINE_BYTES) {
      this.emit(stream, data.subarray(0, MAX_LOG_LINE_BYTES), false);
      data = data.subarray(MAX_LOG_LINE_BYTES);
    }
    this.partial[stream] = Buffer.from(data);
  }

  /** A line of the runner's own (why a container was stopped), on stderr as a runtime would put it. */
  note(text: string): void {
    this.flushPartial('stderr');
    this.emit('stderr', Buffer.from(text), true);
  }

  close(): void {
    this.flushPartial('stdout');
    this.flushPartial('stderr');
    closeSync(this.fd);
  }

  private flushPartial(stream: LogStream): void {
    if (this.partial[stream].length > 0) this.emit(stream, this.partial[stream], true);
    this.partial[stream] = Buffer.alloc(0);
  }

  private emit(stream: LogStream, content: Buffer, full: boolean): void {
    const line = Buffer.from(formatLogEntry({ time: logTime(this.now()), stream, full, content: content.toString('utf8').replace(/\r$/, '') }));
    writeSync(this.fd, line);
    this.size += line.length;
    if (this.size > this.maxBytes) this.rotate();
  }

  /** Keeps the newest half (whole entries), written aside and renamed over the log. */
  private rotate(): void {
    closeSync(this.fd);
    const text = readFileSync(this.file);
    let start = text.length - Math.floor(this.maxBytes / 2);
    start = text.indexOf(10, Math.max(0, start)) + 1;
    const kept = text.subarray(start);
    const tmp = `${this.file}.rotating`;
    const fd = openSync(tmp, 'w', 0o600);
    writeSync(fd, kept);
    closeSync(fd);
    renameSync(tmp, this.file);
    this.fd = openSync(this.file, 'a', 0o600);
    this.size = kept.length;
  }
}
