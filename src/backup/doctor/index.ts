// `lifeboat doctor`: the checks of the ACM `backup-restore-enabled` policy (hub-backup.md §6),
// run directly against a hub's API.
export { runDoctor, doctorPassed, CHECKS } from './run.js';
export type { CheckResult, CheckStatus, DoctorOptions } from './types.js';
