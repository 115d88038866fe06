/** Lifeboat's release version: the mover image tag and what movers print. Kept equal to package.json's. */
export const LIFEBOAT_VERSION = '0.1.0';
