// ServiceAccount (core validation ValidateServiceAccount): only its metadata.
import type { KindValidator } from '../kind-validator.js';
import { nameIsDNSSubdomain } from '../names.js';

export const serviceAccountValidator: KindValidator = { name: nameIsDNSSubdomain, core: true };
