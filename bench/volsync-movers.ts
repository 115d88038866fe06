// Volume-replication mover benchmark: a volume of 10,000 files (mixed sizes, 1 GiB in all) backed up
// by the restic mover and mirrored by the rclone mover (`lifeboat mover …`, as a mover Job runs
// them), against the raw `restic backup` / `rclone sync` on the same data in the same run: a first
// run, then again after changing 1 % of the files, with the bytes each incremental run moved and the
// restic mover's time per step (read from the step lines it prints).
// Runs alternate raw/mover/mover/raw, each against its own repository or remote, so page-cache
// warmth favours neither side; figures are the mean of the two runs of each.
//
//   node --import tsx bench/volsync-movers.ts [--size-mib 1024] [--files 10000] [--dir <tmp>]
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { arg, changeOnePercent, fileSizes, Figures, LIFEBOAT, mean, mib, printMachine, run, volumeShapeFromArgs, writeVolume, type Timed } from './mover-volume.js';

const PASSWORD = 'bench-password';

/** `Added to the repository: 10.123 MiB (…)` or rclone's `Transferred: 10.1 MiB / 10.1 MiB, …`, in bytes. */
function movedBytes(output: string): number | undefined {
  const units: Record<string, number> = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, Bytes: 1, k: 2 ** 10, M: 2 ** 20, G: 2 ** 30 };
  const restic = [...output.matchAll(/Added to the repository: ([\d.]+) (B|KiB|MiB|GiB)/g)].pop();
  if (restic) return Number(restic[1]) * units[restic[2]];
  const rclone = [...output.matchAll(/Transferred:\s+([\d.]+) (B|KiB|MiB|GiB|Bytes|k|M|G)i?B? \/ /g)].pop();
  return rclone ? Number(rclone[1]) * (units[rclone[2]] ?? 1) : undefined;
}

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

async function main(): Promise<void> {
  const base = await fs.mkdtemp(path.join(arg('--dir', tmpdir()), 'lifeboat-bench-movers-'));
  const data = path.join(base, 'data');
  printMachine();
  try {
    const sizes = fileSizes(volumeShapeFromArgs());
    await writeVolume(data, sizes);
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
      restic: async (repo: string) => run('restic', ['backup', '--host', 'volsync', '--exclude=lost+found', '.'], resticEnv(repo), { cwd: data }),
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
      restic: async (repo: string) => run(process.execPath, [LIFEBOAT, 'mover', 'restic', 'source'], moverResticEnv(repo)),
      rclone: async (remote: string) => run(process.execPath, [LIFEBOAT, 'mover', 'rclone', 'source'], rcloneEnv(remote)),
    };
    for (const d of ['r1', 'r2', 'm1', 'm2', 'c1', 'c2', 'n1', 'n2']) await fs.mkdir(path.join(base, `${d}-tmp`), { recursive: true });
    // Outside the raw runs' timing, as a user's repository exists before their first backup.
    const rawInits: number[] = [];
    for (const repo of ['r1', 'r2']) rawInits.push((await run('restic', ['init'], resticEnv(repo))).seconds);

    const figures = new Figures();
    const round = async (phase: string) => {
      // raw, mover, mover, raw — each on its own repository / remote.
      await figures.measure(`restic raw ${phase}`, () => raw.restic('r1'));
      await figures.measure(`restic mover ${phase}`, () => mover.restic('m1'));
      await figures.measure(`restic mover ${phase}`, () => mover.restic('m2'));
      await figures.measure(`restic raw ${phase}`, () => raw.restic('r2'));
      await figures.measure(`rclone raw ${phase}`, () => raw.rclone('c1'));
      await figures.measure(`rclone mover ${phase}`, () => mover.rclone('n1'));
      await figures.measure(`rclone mover ${phase}`, () => mover.rclone('n2'));
      await figures.measure(`rclone raw ${phase}`, () => raw.rclone('c2'));
    };
    await round('initial');
    await changeOnePercent(data, sizes);
    await round('incremental');
    figures.print(['restic', 'rclone'], {
      title: 'bytes moved, raw / mover',
      cell: (r, m, phase) => (phase === 'incremental' ? `${mib(movedBytes(r[0].output))} / ${mib(movedBytes(m[0].output))}` : ''),
    });
    console.log(`\nrestic mover, per step (mean of the two runs, s); the raw \`restic init\` took ${rawInits.map((t) => t.toFixed(2)).join(', ')} s (not timed in the raw runs)\n`);
    console.log('| step | initial | incremental |');
    console.log('|---|---|---|');
    for (const [name, from, to] of RESTIC_MOVER_STEPS) {
      const cells = ['initial', 'incremental'].map((phase) => mean(figures.runs(`restic mover ${phase}`).map((t) => stepSeconds(t, from, to))).toFixed(2));
      console.log(`| ${name} | ${cells.join(' | ')} |`);
    }
  } finally {
    if (!process.argv.includes('--keep')) await fs.rm(base, { recursive: true, force: true });
  }
}

await main();
