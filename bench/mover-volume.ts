// What the volume-replication mover benchmarks share: the volume (10,000 files of mixed sizes,
// 1 GiB in all, deterministic sizes and random content), a timed child process, the machine line
// and the figures' formatting.
import { execFileSync, spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const LIFEBOAT = path.join(REPO, 'bin', 'lifeboat.js');

export const arg = (name: string, fallback: string): string => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);

export interface VolumeShape {
  sizeBytes: number;
  files: number;
}

/** `--size-mib` (default 1024) and `--files` (default 10,000). */
export function volumeShapeFromArgs(): VolumeShape {
  return { sizeBytes: Number(arg('--size-mib', '1024')) * 1024 * 1024, files: Number(arg('--files', '10000')) };
}

const PER_DIR = 100;

export interface Timed {
  seconds: number;
  output: string;
  /** Seconds from the start to the first output line of each `=== … ===` step marker a mover prints. */
  marks: Map<string, number>;
}

/**
 * Runs a program to completion. `endOn: 'exit'` ends with the process itself, as a container ends
 * with its main process, not with the last holder of its output pipes (an ssh ControlPersist
 * master lingers for seconds after a mover is done).
 */
export function run(command: string, args: string[], env: Record<string, string>, opts: { cwd?: string; endOn?: 'close' | 'exit' } = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', TZ: 'UTC', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Kept only for the summary lines; the DEBUG logs of rclone are long.
    let output = '';
    const marks = new Map<string, number>();
    const keep = (d: Buffer) => {
      const text = d.toString();
      for (const marker of text.match(/^==+ .* ===$/gm) ?? []) if (!marks.has(marker)) marks.set(marker, (performance.now() - started) / 1000);
      output += text;
      if (output.length > 4_000_000) output = output.slice(-1_000_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on(opts.endOn ?? 'close', (code: number | null) => {
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-3000)}`));
      resolve({ seconds: (performance.now() - started) / 1000, output, marks });
    });
  });
}

/** Deterministic file sizes: mostly small files, some medium, a few large ones making up the rest. */
export function fileSizes(shape: VolumeShape): number[] {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const sizes: number[] = [];
  for (let i = 0; i < shape.files; i++) {
    const r = rand();
    if (i % 500 === 0)
      sizes.push(0); // large: filled in below
    else if (r < 0.72) sizes.push(1024 + Math.floor(rand() * 15 * 1024));
    else if (r < 0.97) sizes.push(16 * 1024 + Math.floor(rand() * 240 * 1024));
    else sizes.push(256 * 1024 + Math.floor(rand() * 768 * 1024));
  }
  const large = sizes.filter((s) => s === 0).length;
  const rest = shape.sizeBytes - sizes.reduce((a, b) => a + b, 0);
  let remaining = rest;
  for (let i = 0, n = 0; i < sizes.length; i++) {
    if (sizes[i] !== 0) continue;
    n++;
    sizes[i] = n === large ? remaining : Math.floor(rest / large);
    remaining -= sizes[i];
  }
  return sizes;
}

const fileOf = (dir: string, i: number): string => path.join(dir, `d${String(Math.floor(i / PER_DIR)).padStart(3, '0')}`, `f${String(i).padStart(5, '0')}.bin`);

/** Writes (or rewrites) the files `which` selects with fresh random content; returns the bytes written. */
export async function writeFiles(dir: string, sizes: number[], which: (i: number) => boolean): Promise<number> {
  const chunk = Buffer.alloc(1024 * 1024);
  let bytes = 0;
  for (let i = 0; i < sizes.length; i++) {
    if (!which(i)) continue;
    const file = fileOf(dir, i);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const handle = await fs.open(file, 'w');
    try {
      for (let left = sizes[i]; left > 0; left -= chunk.length) {
        const part = chunk.subarray(0, Math.min(left, chunk.length));
        randomFillSync(part);
        await handle.write(part);
      }
    } finally {
      await handle.close();
    }
    bytes += sizes[i];
  }
  return bytes;
}

/** The whole volume, timed; the line it prints is the benchmark's record of it. */
export async function writeVolume(dir: string, sizes: number[]): Promise<void> {
  const started = performance.now();
  const total = await writeFiles(dir, sizes, () => true);
  console.log(`volume: ${sizes.length} files, ${mib(total)}, written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The incremental phase's change: every hundredth file rewritten. */
export async function changeOnePercent(dir: string, sizes: number[]): Promise<void> {
  const changed = await writeFiles(dir, sizes, (i) => i % 100 === 37);
  console.log(`changed 1 % of the files: ${sizes.length / 100} files, ${mib(changed)}`);
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const mib = (b: number | undefined) => (b === undefined ? '?' : `${(b / 2 ** 20).toFixed(1)} MiB`);
export const loadLine = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export function printMachine(): void {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}, load ${loadLine()}`);
}

/** Timings by key (`<tool> raw|mover <phase>`), printed as the README's table. */
export class Figures {
  private readonly results: Record<string, Timed[]> = {};

  private record(key: string, t: Timed): void {
    (this.results[key] ??= []).push(t);
  }

  /**
   * Times one run after writing back every dirty page (untimed), so no run pays for the write-back
   * of the one before it: a mover's `sync -f` (the spec's last step) otherwise flushed the previous
   * raw run's copy too, which the raw runs never wait for.
   */
  async measure(key: string, timed: () => Promise<Timed>): Promise<void> {
    execFileSync('sync');
    this.record(key, await timed());
  }

  runs(key: string): Timed[] {
    return this.results[key] ?? [];
  }

  /** One row per tool and phase: each run's seconds, the ratio of the means, and an optional last column. */
  print(tools: readonly string[], extra?: { title: string; cell: (raw: Timed[], mover: Timed[], phase: string) => string }): void {
    const last = extra ? ` ${extra.title} |` : '';
    console.log(`\n| tool | run | raw tool (s) | mover (s) | mover / raw |${last}`);
    console.log(`|---|---|---|---|---|${extra ? '---|' : ''}`);
    for (const tool of tools) {
      for (const phase of ['initial', 'incremental']) {
        const r = this.results[`${tool} raw ${phase}`];
        const m = this.results[`${tool} mover ${phase}`];
        const ratio = mean(m.map((t) => t.seconds)) / mean(r.map((t) => t.seconds));
        const cell = extra ? ` ${extra.cell(r, m, phase)} |` : '';
        console.log(
          `| ${tool} | ${phase} | ${r.map((t) => t.seconds.toFixed(1)).join(', ')} | ${m.map((t) => t.seconds.toFixed(1)).join(', ')} | **${ratio.toFixed(2)}×** |${cell}`,
        );
      }
    }
    console.log(`\nload average at the end: ${loadLine()}`);
  }
}
