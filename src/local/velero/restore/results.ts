// Velero's Result (spec/velero.md §2.5): messages filed under `velero`, `cluster` or a namespace.
// A restore keeps one for warnings and one for errors; their sizes are status.warnings/errors.

export interface VeleroResult {
  velero?: string[];
  cluster?: string[];
  namespaces?: Record<string, string[]>;
}

/** The content of `restore-<name>-results.gz`: exactly these two keys, `errors` first. */
export interface RestoreResults {
  errors: VeleroResult;
  warnings: VeleroResult;
}

export class ResultBuilder {
  private readonly velero: string[] = [];
  private readonly cluster: string[] = [];
  private readonly namespaces = new Map<string, string[]>();

  /** Velero's Result.Add: a namespace of '' means cluster scope. */
  add(namespace: string, message: string): void {
    if (namespace === '') {
      this.cluster.push(message);
      return;
    }
    let list = this.namespaces.get(namespace);
    if (!list) this.namespaces.set(namespace, (list = []));
    list.push(message);
  }

  addVelero(message: string): void {
    this.velero.push(message);
  }

  get count(): number {
    let n = this.velero.length + this.cluster.length;
    for (const list of this.namespaces.values()) n += list.length;
    return n;
  }

  /** Absent keys for empty parts, so an empty Result serialises as `{}` like Go's omitempty. */
  toJSON(): VeleroResult {
    // Go's struct order: velero, cluster, namespaces (map keys sorted).
    const out: VeleroResult = {};
    if (this.velero.length) out.velero = [...this.velero];
    if (this.cluster.length) out.cluster = [...this.cluster];
    if (this.namespaces.size) {
      out.namespaces = {};
      for (const ns of [...this.namespaces.keys()].sort()) out.namespaces[ns] = [...(this.namespaces.get(ns) ?? [])];
    }
    return out;
  }
}

/** Every message with where it was filed, for logs and events. */
export function allMessages(result: VeleroResult): string[] {
  const out = [...(result.velero ?? []), ...(result.cluster ?? [])];
  for (const [ns, list] of Object.entries(result.namespaces ?? {})) for (const m of list) out.push(`${ns}: ${m}`);
  return out;
}
