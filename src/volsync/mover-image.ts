import { LIFEBOAT_VERSION } from '../util/version.js';

/** Lifeboat's mover image (deploy/Dockerfile, target mover) of this release. */
export function defaultMoverImage(): string {
  return `ghcr.io/lifeboat/mover:${LIFEBOAT_VERSION}`;
}
