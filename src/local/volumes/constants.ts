// Names of the embedded hub's local storage: its CSI-style driver, default classes and finalizers.

/** The provisioner of the local StorageClass and the driver of its VolumeSnapshotClass. */
export const LOCAL_PROVISIONER = 'lifeboat.io/local';
export const LOCAL_STORAGE_CLASS = 'lifeboat-local';
export const LOCAL_SNAPSHOT_CLASS = 'lifeboat-local';

/** Holds a provisioned PersistentVolume until its directory is deleted (external-provisioner's name). */
export const PROVISIONER_FINALIZER = 'external-provisioner.volume.kubernetes.io/finalizer';
/** Holds a VolumeSnapshotContent until its snapshot directory is deleted (external-snapshotter's name). */
export const CONTENT_FINALIZER = 'snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection';

/** How often a snapshot or content that is not ready yet is looked at again (besides watch events). */
export const SNAPSHOT_RETRY_MS = 15_000;
