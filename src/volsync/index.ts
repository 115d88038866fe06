// Volume replication (volsync.md): the ReplicationSource and ReplicationDestination controllers,
// their restic and rclone movers, and the volume populator.
export {
  volsyncControllers,
  volsyncEventReporter,
  VOLSYNC_CONTROLLERS,
  REPLICATION_SOURCE_CONTROLLER,
  REPLICATION_DESTINATION_CONTROLLER,
  VOLUME_POPULATOR_CONTROLLER,
} from './controllers.js';
export type { VolSyncControllerOptions } from './controllers.js';
export { ensureVolumePopulator } from './populator/controller.js';
export { DEFAULT_SCC_NAME, settingsFromEnvironment } from './context.js';
export type { VolSyncSettings } from './context.js';
export { defaultMoverImage } from './mover-image.js';
export { moverHostEnv } from './movers/shared/attempts.js';
