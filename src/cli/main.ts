import { Command } from 'commander';

const program = new Command();
program
  .name('lifeboat')
  .description(
    'Business continuity for Kubernetes fleet hubs: hub backup and restore, volume replication, and an embedded Kubernetes-compatible hub to run them on one machine.',
  )
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)');

// Only the command that runs is loaded: `lifeboat operator` need not hold the hub's SQLite code.
const command = process.argv.slice(2).find((a) => !a.startsWith('-'));
const all = command === undefined || command === 'help' || !['up', 'hub', 'operator', 'doctor', 'volumes', 'mover', 'restore', 'agent'].includes(command);
if (all || command === 'up') (await import('./commands/up.js')).registerUpCommand(program);
if (all || command === 'hub') (await import('./commands/hub.js')).registerHubCommands(program);
if (all || command === 'operator') (await import('./commands/operator.js')).registerOperatorCommand(program);
if (all || command === 'doctor') (await import('./commands/doctor.js')).registerDoctorCommand(program);
if (all || command === 'volumes') (await import('./commands/volumes.js')).registerVolumesCommands(program);
if (all || command === 'mover') (await import('./commands/mover.js')).registerMoverCommand(program);
if (all || command === 'restore') (await import('./commands/restore.js')).registerRestoreCommands(program);
if (all || command === 'agent') (await import('./commands/agent.js')).registerAgentCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`lifeboat: ${(err as Error).message}\n`);
  process.exit(1);
});
