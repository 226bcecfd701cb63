import { InputError } from '../errors.js';
import type { Batch, DataSource } from './batch.js';

/** A view of some rows of another {@link DataSource}: row i of the view is row `indices[i]` of the parent. */
export class SubsetSource implements DataSource {
  readonly size: number;
  private readonly indices: Uint32Array;

  constructor(
    readonly parent: DataSource,
    indices: ArrayLike<number>,
  ) {
    this.indices = Uint32Array.from(indices);
    for (let i = 0; i < indices.length; i++) {
      const r = indices[i];
      if (!Number.isInteger(r) || r < 0 || r >= parent.size) {
        throw new InputError(`SubsetSource: index ${r} is out of range for a source of ${parent.size} samples`);
      }
    }
    this.size = this.indices.length;
  }

  batch(indices: ArrayLike<number>): Batch {
    const mapped = new Uint32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const r = indices[i];
      if (!Number.isInteger(r) || r < 0 || r >= this.size) {
        throw new InputError(`SubsetSource: row index ${r} is out of range [0, ${this.size})`);
      }
      mapped[i] = this.indices[r];
    }
    return this.parent.batch(mapped);
  }
}
