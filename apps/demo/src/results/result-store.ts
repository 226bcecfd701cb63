import { randomUUID } from 'node:crypto';

/** What an analysis keeps for download. */
export interface StoredResult {
  id: string;
  model: string;
  cellNames: string[];
  latent: Float32Array;
  latentDim: number;
  clusters: Int32Array;
}

/** Ids are UUIDs; nothing else is looked up. */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The latest `capacity` analysis results, in memory, by id (oldest dropped first). */
export class ResultStore {
  private readonly results = new Map<string, StoredResult>();

  constructor(private readonly capacity: number) {}

  add(result: Omit<StoredResult, 'id'>): StoredResult {
    const stored = { ...result, id: randomUUID() };
    this.results.set(stored.id, stored);
    while (this.results.size > this.capacity) this.results.delete(this.results.keys().next().value as string);
    return stored;
  }

  /** The result `id`, or undefined (also for anything that is not a result id). */
  get(id: string): StoredResult | undefined {
    return ID.test(id) ? this.results.get(id) : undefined;
  }

  get size(): number {
    return this.results.size;
  }
}
