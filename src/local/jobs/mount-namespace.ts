// The container's filesystem view for a process run as root: a private mount and PID namespace
// whose root is a tmpfs holding read-only binds of the host's top-level directories, the pod's
// volumes bound at their mount paths (/data, /cache, /tmp, …) and a private /tmp. Nothing is
// created in the host's root filesystem: new mount points live in the tmpfs, or, below an existing
// host directory, in an overlay whose upper layer is the pod's private directory. When the process
// ends, the namespace and every mount in it vanish.
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import type { HostMount } from './pod-volumes.js';

/**
 * Runs as PID 1 of the new namespaces: applies the mount plan given as arguments, then runs the
 * command chrooted into the new root, forwarding SIGTERM to it and exiting with its status.
 * Arguments: <root> <op>… -- <workdir> <argv>…
 */
const SCRIPT = [
  'set -e',
  '# A SIGTERM before the command runs must not be lost: PID 1 ignores signals it has no trap for.',
  'child=; term=',
  'trap \'term=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null\' TERM INT',
  'P=$PATH; had_path=${PATH+x}',
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'R=$1; shift',
  'mount -t tmpfs -o mode=0755 lifeboat-root "$R"',
  'while [ "$1" != "--" ]; do',
  '  op=$1; shift',
  '  case $op in',
  '    mkdir) mkdir -p "$R$1"; shift ;;',
  '    touch) mkdir -p "$(dirname "$R$1")"; [ -e "$R$1" ] || : > "$R$1"; shift ;;',
  '    link) ln -s "$1" "$R$2"; shift 2 ;;',
  '    rbind) [ -e "$R$2" ] || mkdir -p "$R$2"; mount --rbind "$1" "$R$2"; shift 2 ;;',
  '    bind) mount --bind "$1" "$R$2"; shift 2 ;;',
  '    ro) mount -o remount,bind,ro "$R$1"; shift ;;',
  '    overlay) mkdir -p "$R$2" "$3/upper" "$3/work"; mount -t overlay lifeboat-overlay -o "lowerdir=$1,upperdir=$3/upper,workdir=$3/work" "$R$2"; shift 3 ;;',
  '    *) echo "lifeboat: unknown mount step $op" >&2; exit 125 ;;',
  '  esac',
  'done',
  'shift',
  '# The recursive binds copied this tmpfs into itself where the host path of the root lies.',
  'if mountpoint -q "$R$R" 2>/dev/null; then umount -l "$R$R"; fi',
  'workdir=$1; shift',
  'if [ -n "$had_path" ]; then PATH=$P; export PATH; else unset PATH; fi',
  '[ -z "$term" ] || exit 143',
  '/usr/sbin/chroot "$R" /bin/sh -c \'cd "$1" || exit 127; shift; exec "$@"\' lifeboat-container "$workdir" "$@" <&0 &',
  'child=$!',
  '[ -z "$term" ] || kill -TERM "$child" 2>/dev/null',
  'rc=0',
  '# wait returns early when the trap runs; wait again until the command itself has ended.',
  'while :; do',
  '  wait "$child" && rc=0 || rc=$?',
  '  kill -0 "$child" 2>/dev/null || break',
  'done',
  'exit $rc',
].join('\n');

/** Top-level host entries the container sees as they are, not read-only. */
const LIVE = new Set(['proc', 'sys', 'dev']);

export interface MountPlan {
  /** Arguments for the script after the new root's host path. */
  steps: string[];
}

/** The argv that runs `argv` in the pod's view; `root` and `scratch` are empty directories of the pod's private directory. */
export function isolatedCommand(opts: {
  root: string;
  scratch: string;
  privateTmp: string;
  mounts: HostMount[];
  workingDir: string;
  argv: string[];
  /** Host directories the command itself needs (Lifeboat's checkout): kept visible, read-only, even below /tmp. */
  keep?: string[];
}): string[] {
  const plan = mountPlan(opts.mounts, opts.privateTmp, opts.scratch, '/', opts.keep);
  return [
    'setpriv',
    '--pdeathsig',
    'KILL',
    '--',
    'unshare',
    '--mount',
    '--propagation',
    'private',
    '--pid',
    '--fork',
    '--kill-child',
    '--mount-proc',
    '--',
    '/bin/sh',
    '-c',
    SCRIPT,
    'lifeboat-pod',
    opts.root,
    ...plan.steps,
    '--',
    opts.workingDir,
    ...opts.argv,
  ];
}

export function mountPlan(mounts: HostMount[], privateTmp: string, scratch: string, hostRoot = '/', keep: string[] = []): MountPlan {
  const steps: string[] = [];
  const sorted = [...mounts].sort((a, b) => a.mountPath.split('/').length - b.mountPath.split('/').length);
  const topLevels = new Map<string, 'dir' | 'file' | 'link'>();
  for (const entry of readdirSync(hostRoot, { withFileTypes: true })) {
    topLevels.set(entry.name, entry.isSymbolicLink() ? 'link' : entry.isDirectory() ? 'dir' : 'file');
  }
  // A host directory that must gain a new mount point below it becomes an overlay.
  const overlaid = new Set<string>();
  for (const m of sorted) {
    const parts = m.mountPath.split('/').filter(Boolean);
    if (parts.length > 1 && topLevels.get(parts[0]) === 'dir' && parts[0] !== 'tmp' && !LIVE.has(parts[0]) && !existsSync(path.join(hostRoot, m.mountPath))) {
      overlaid.add(parts[0]);
    }
  }
  let scratchIndex = 0;
  for (const [name, type] of topLevels) {
    const at = `/${name}`;
    if (name === 'tmp' || sorted.some((m) => m.mountPath === at)) continue;
    if (type === 'link') steps.push('link', readlinkSync(path.join(hostRoot, name)), at);
    else if (type === 'file') steps.push('touch', at, 'bind', path.join(hostRoot, name), at, 'ro', at);
    else if (LIVE.has(name)) steps.push('rbind', path.join(hostRoot, name), at);
    else if (overlaid.has(name)) steps.push('overlay', path.join(hostRoot, name), at, path.join(scratch, String(scratchIndex++)));
    else steps.push('rbind', path.join(hostRoot, name), at, 'ro', at);
  }
  if (!sorted.some((m) => m.mountPath === '/tmp')) {
    steps.push('mkdir', '/tmp', 'bind', privateTmp, '/tmp');
  }
  for (const m of sorted) {
    steps.push(m.isFile ? 'touch' : 'mkdir', m.mountPath, 'bind', m.source, m.mountPath);
    if (m.readOnly) steps.push('ro', m.mountPath);
  }
  // /tmp (private, or the pod's own emptyDir) and the pod's mounts hide what the host has below
  // them, possibly the checkout of Lifeboat whose bin/lifeboat.js the mover runs (a CI clone in
  // /tmp): such a directory is bound back, read-only, over whatever covers it.
  const covers = (at: string, dir: string): boolean => dir === at || dir.startsWith(`${at}/`);
  for (const dir of keep) {
    if (covers('/tmp', dir) || sorted.some((m) => covers(m.mountPath, dir))) steps.push('mkdir', dir, 'bind', path.join(hostRoot, dir), dir, 'ro', dir);
  }
  return { steps };
}
