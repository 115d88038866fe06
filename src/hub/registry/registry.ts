import { builtinTypes } from './builtin-types.js';
import { crdToResourceType } from './crd-type.js';
import type { ResourceType } from './resource-type.js';
import type { ApiObject } from '../../api/meta.js';

/**
 * The resource types the hub serves right now: the built-ins plus one per established CRD.
 * `generation` changes whenever the set changes, so discovery and OpenAPI documents can be cached.
 */
export class ResourceRegistry {
  private builtins: ResourceType[] = builtinTypes();
  private crdTypes = new Map<string, ResourceType>();
  private byGroupResource = new Map<string, ResourceType>();
  generation = 0;

  constructor() {
    this.reindex();
  }

  all(): ResourceType[] {
    return [...this.builtins, ...this.crdTypes.values()];
  }

  /** Looks a resource up by group and plural; the version is checked by the caller. */
  lookup(group: string, plural: string): ResourceType | undefined {
    return this.byGroupResource.get(`${group}/${plural}`);
  }

  byStorageKey(storageKey: string): ResourceType | undefined {
    return this.all().find((rt) => rt.storageKey === storageKey && !rt.view);
  }

  crdType(crdName: string): ResourceType | undefined {
    return this.crdTypes.get(crdName);
  }

  /** Called with every CRD as stored; established, non-deleted CRDs are served. */
  applyCrd(crd: ApiObject | undefined, crdName: string): void {
    const rt = crd ? crdToResourceType(crd) : undefined;
    const before = this.crdTypes.get(crdName);
    if (rt) this.crdTypes.set(crdName, rt);
    else this.crdTypes.delete(crdName);
    if (before || rt) this.reindex();
  }

  private reindex(): void {
    this.byGroupResource.clear();
    for (const rt of this.all()) this.byGroupResource.set(`${rt.group}/${rt.plural}`, rt);
    this.generation += 1;
  }
}
