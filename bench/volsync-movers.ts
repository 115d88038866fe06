// Volume-replication mover benchmark: a volume of 10,000 files (mixed sizes, 1 GiB in all) backed up
// by the restic mover and mirrored by the rclone mover (`lifeboat mover …`, as a mover Job runs
// them), against the raw `restic backup` / `rclone sync` on the same data in the same run: a first
// run, then again after changing 1 % of the files, with the bytes each incremental run moved and the
// restic mover's time per step (read from the step lines it prints).
// Runs alternate raw/mover/mover/raw, each against its own repository or remote, so page-cache
// warmth favours neither side; figures are the mean of the two runs of each.
//
//   node --import tsx bench/volsync-movers.ts [--size-mib 1024] [--files 10000] [--dir <tmp>]
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const arg = (name: string, fallback: string): string => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const SIZE_BYTES = Number(arg('--size-mib', '1024')) * 1024 * 1024;
const FILES = Number(arg('--files', '10000'));
const PER_DIR = 100;
const PASSWORD = 'bench-password';

interface Timed {
  seconds: number;
  output: string;
  /** Seconds from the start to the first output line of each `=== … ===` step marker the mover prints. */
  marks: Map<string, number>;
}

function run(command: string, args: string[], env: Record<string, string>, cwd?: string): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
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
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-3000)}`));
      resolve({ seconds: (performance.now() - started) / 1000, output, marks });
    });
  });
}

/** Deterministic file sizes: mostly small files, some medium, a few large ones making up the rest. */
function fileSizes(): number[] {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const sizes: number[] = [];
  for (let i = 0; i < FILES; i++) {
    const r = rand();
    if (i % 500 === 0)
      sizes.push(0); // large: filled in below
    else if (r < 0.72) sizes.push(1024 + Math.floor(rand() * 15 * 1024));
    else if (r < 0.97) sizes.push(16 * 1024 + Math.floor(rand() * 240 * 1024));
    else sizes.push(256 * 1024 + Math.floor(rand() * 768 * 1024));
  }
  const large = sizes.filter((s) => s === 0).length;
  const rest = SIZE_BYTES - sizes.reduce((a, b) => a + b, 0);
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

async function writeFiles(dir: string, sizes: number[], which: (i: number) => boolean): Promise<number> {
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

/** `Added to the repository: 10.123 MiB (…)` or rclone's `Transferred: 10.1 MiB / 10.1 MiB, …`, in bytes. */
function movedBytes(output: string): number | undefined {
  const units: Record<string, number> = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, Bytes: 1, k: 2 ** 10, M: 2 ** 20, G: 2 ** 30 };
  const restic = [...output.matchAll(/Added to the repository: ([\d.]+) (B|KiB|MiB|GiB)/g)].pop();
  if (restic) return Number(restic[1]) * units[restic[2]];
  const rclone = [...output.matchAll(/Transferred:\s+([\d.]+) (B|KiB|MiB|GiB|Bytes|k|M|G)i?B? \/ /g)].pop();
  return rclone ? Number(rclone[1]) * (units[rclone[2]] ?? 1) : undefined;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The restic mover's steps, each from the marker it prints first to the next one (or to its exit). */
const RESTIC_MOVER_STEPS: [string, string | undefined, string | undefined][] = [
  ['start-up and `restic version`', undefined, '=== Check for dir initialized ==='],
  ['repository check (and `init`)', '=== Check for dir initialized ===', '=== Starting backup ==='],
  ['`restic backup`', '=== Starting backup ===', '=== Starting forget ==='],
  ['`restic forget`', '=== Starting forget ===', '=== Done ==='],
  ['exit', '=== Done ===', undefined],
];

function stepSeconds(run: Timed, from: string | undefined, to: string | undefined): number {
  const at = (marker: string | undefined, fallback: number) => (marker === undefined ? fallback : (run.marks.get(marker) ?? Number.NaN));
  return at(to, run.seconds) - at(from, 0);
}
const mib = (b: number | undefined) => (b === undefined ? '?' : `${(b / 2 ** 20).toFixed(1)} MiB`);

async function main(): Promise<void> {
  const base = await fs.mkdtemp(path.join(arg('--dir', tmpdir()), 'lifeboat-bench-movers-'));
  const data = path.join(base, 'data');
  const lifeboat = [path.join(REPO, 'bin', 'lifeboat.js')];
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  try {
    const sizes = fileSizes();
    const started = performance.now();
    const total = await writeFiles(data, sizes, () => true);
    console.log(`volume: ${FILES} files, ${mib(total)}, written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await fs.writeFile(path.join(base, 'rclone.conf'), '[bench]\ntype = local\n');

    const resticEnv = (repo: string) => ({
      RESTIC_REPOSITORY: path.join(base, repo),
      RESTIC_PASSWORD: PASSWORD,
      RESTIC_CACHE_DIR: path.join(base, `${repo}-cache`),
    });
    const moverResticEnv = (repo: string) => ({
      ...resticEnv(repo),
      DATA_DIR: data,
      PRIVILEGED_MOVER: '0',
      FORGET_OPTIONS: '--keep-last 1',
      TMPDIR: path.join(base, `${repo}-tmp`),
    });
    const rcloneEnv = (remote: string) => ({
      RCLONE_CONFIG: path.join(base, 'rclone.conf'),
      RCLONE_CONFIG_SECTION: 'bench',
      RCLONE_DEST_PATH: path.join(base, remote),
      MOUNT_PATH: data,
      PRIVILEGED_MOVER: '0',
      TMPDIR: path.join(base, `${remote}-tmp`),
    });
    // The raw tools with the transfer settings the movers use by default.
    const raw = {
      restic: async (repo: string) => run('restic', ['backup', '--host', 'volsync', '--exclude=lost+found', '.'], resticEnv(repo), data),
      rclone: async (remote: string) =>
        run(
          'rclone',
          [
            'sync',
            '--one-file-system',
            '--create-empty-src-dirs',
            '--transfers',
            '10',
            '--checksum',
            '--exclude',
            'lost+found/**',
            '--stats-log-level',
            'NOTICE',
            '--stats',
            '1h',
            data,
            `bench:${path.join(base, remote)}`,
          ],
          {
            RCLONE_CONFIG: path.join(base, 'rclone.conf'),
          },
        ),
    };
    const mover = {
      restic: async (repo: string) => run(process.execPath, [...lifeboat, 'mover', 'restic', 'source'], moverResticEnv(repo)),
      rclone: async (remote: string) => run(process.execPath, [...lifeboat, 'mover', 'rclone', 'source'], rcloneEnv(remote)),
    };
    for (const d of ['r1', 'r2', 'm1', 'm2', 'c1', 'c2', 'n1', 'n2']) await fs.mkdir(path.join(base, `${d}-tmp`), { recursive: true });
    // Outside the raw runs' timing, as a user's repository exists before their first backup.
    const rawInits: number[] = [];
    for (const repo of ['r1', 'r2']) rawInits.push((await run('restic', ['init'], resticEnv(repo))).seconds);

    const results: Record<string, Timed[]> = {};
    const record = (key: string, t: Timed) => (results[key] ??= []).push(t);
    const round = async (phase: string) => {
      // raw, mover, mover, raw — each on its own repository / remote.
      record(`restic raw ${phase}`, await raw.restic('r1'));
      record(`restic mover ${phase}`, await mover.restic('m1'));
      record(`restic mover ${phase}`, await mover.restic('m2'));
      record(`restic raw ${phase}`, await raw.restic('r2'));
      record(`rclone raw ${phase}`, await raw.rclone('c1'));
      record(`rclone mover ${phase}`, await mover.rclone('n1'));
      record(`rclone mover ${phase}`, await mover.rclone('n2'));
      record(`rclone raw ${phase}`, await raw.rclone('c2'));
    };
    await round('initial');
    const changed = await writeFiles(data, sizes, (i) => i % 100 === 37);
    console.log(`changed 1 % of the files: ${FILES / 100} files, ${mib(changed)}`);
    await round('incremental');

    console.log('\n| tool | run | raw tool (s) | mover (s) | mover / raw | bytes moved, raw / mover |');
    console.log('|---|---|---|---|---|---|');
    for (const tool of ['restic', 'rclone']) {
      for (const phase of ['initial', 'incremental']) {
        const r = results[`${tool} raw ${phase}`];
        const m = results[`${tool} mover ${phase}`];
        const rs = mean(r.map((t) => t.seconds));
        const ms = mean(m.map((t) => t.seconds));
        const bytes = phase === 'incremental' ? `${mib(movedBytes(r[0].output))} / ${mib(movedBytes(m[0].output))}` : '';
        console.log(
          `| ${tool} | ${phase} | ${r.map((t) => t.seconds.toFixed(1)).join(', ')} | ${m.map((t) => t.seconds.toFixed(1)).join(', ')} | **${(ms / rs).toFixed(2)}×** | ${bytes} |`,
        );
      }
    }
    console.log(`\nrestic mover, per step (mean of the two runs, s); the raw \`restic init\` took ${rawInits.map((t) => t.toFixed(2)).join(', ')} s (not timed in the raw runs)\n`);
    console.log('| step | initial | incremental |');
    console.log('|---|---|---|');
    for (const [name, from, to] of RESTIC_MOVER_STEPS) {
      const cells = ['initial', 'incremental'].map((phase) => mean(results[`restic mover ${phase}`].map((t) => stepSeconds(t, from, to))).toFixed(2));
      console.log(`| ${name} | ${cells.join(' | ')} |`);
    }
    console.log(
      `\nload average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    if (!process.argv.includes('--keep')) await fs.rm(base, { recursive: true, force: true });
  }
}

await main();
