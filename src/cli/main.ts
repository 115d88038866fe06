import { Command } from 'commander';
import { registerHubCommands } from './commands/hub.js';
import { registerUpCommand } from './commands/up.js';
import { registerOperatorCommand } from './commands/operator.js';

const program = new Command();
program
  .name('lifeboat')
  .description(
    'Business continuity for Kubernetes fleet hubs: hub backup and restore, volume replication, and an embedded Kubernetes-compatible hub to run them on one machine.',
  )
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)');

registerUpCommand(program);
registerHubCommands(program);
registerOperatorCommand(program);
(await import('./commands/doctor.js')).registerDoctorCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`lifeboat: ${(err as Error).message}\n`);
  process.exit(1);
});
