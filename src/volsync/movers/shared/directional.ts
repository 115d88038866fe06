// The frame of a mover that runs one way on a source and another on a destination: the version
// line, the debug-mover wait, and MoverExit as the exit code (with its message).
import os from 'node:os';
import { debugMoverRequested, waitForDebugging } from './debug-mover.js';
import { MoverExit, say } from './steps.js';

export interface DirectionalMover {
  name: string;
  source(env: NodeJS.ProcessEnv): Promise<number>;
  destination(env: NodeJS.ProcessEnv): Promise<number>;
}

export async function runDirectional(
  mover: DirectionalMover,
  opts: { direction: 'source' | 'destination'; version: string; env?: NodeJS.ProcessEnv },
): Promise<number> {
  const env = opts.env ?? process.env;
  say(`Lifeboat ${mover.name} mover version: ${opts.version}`);
  try {
    if (debugMoverRequested(env)) {
      await waitForDebugging(`lifeboat mover ${mover.name} ${opts.direction}`, env.TMPDIR || os.tmpdir());
      return 0;
    }
    return opts.direction === 'source' ? await mover.source(env) : await mover.destination(env);
  } catch (err) {
    if (!(err instanceof MoverExit)) throw err;
    if (err.message) say(err.message);
    return err.code;
  }
}
