export interface StoredResource {
  name: string;
  arn: string;
  request: Record<string, unknown>;
  creationTime: number;
  /** Tags as AddTags and ListTags see them. */
  tags?: { Key: string; Value: string }[];
}

/** The mock's state: resources by type, keyed by lower-cased name as SageMaker's ARNs are. */
export class ResourceStore {
  private readonly byType = new Map<string, Map<string, StoredResource>>();

  private table(type: string): Map<string, StoredResource> {
    let table = this.byType.get(type);
    if (!table) {
      table = new Map();
      this.byType.set(type, table);
    }
    return table;
  }

  get(type: string, name: string): StoredResource | undefined {
    return this.table(type).get(name.toLowerCase());
  }

  put(type: string, resource: StoredResource): void {
    this.table(type).set(resource.name.toLowerCase(), resource);
  }

  delete(type: string, name: string): boolean {
    return this.table(type).delete(name.toLowerCase());
  }

  list(type: string): StoredResource[] {
    return [...this.table(type).values()].sort((a, b) => a.creationTime - b.creationTime || a.name.localeCompare(b.name));
  }

  /** How many resources of every type exist: what a run left behind. */
  count(): number {
    let n = 0;
    for (const table of this.byType.values()) n += table.size;
    return n;
  }

  clear(): void {
    this.byType.clear();
  }
}
