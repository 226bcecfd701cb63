import type { Tensor } from '@tensorflow/tfjs-core';
import { InputError, type Batch } from '@vaekit/core';
import type { Modality } from './modality.js';

interface Checked {
  readonly names: string[];
  readonly modalities: readonly Modality[];
}

/** The rows of a row-major [n, width] array whose mask entry is 1. */
function presentRows(values: ArrayLike<number>, width: number, mask: ArrayLike<number>, column: number, m: number): Float32Array {
  const n = mask.length / m;
  const rows: number[] = [];
  for (let r = 0; r < n; r++) if (mask[r * m + column] === 1) rows.push(r);
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    for (let c = 0; c < width; c++) out[i * width + c] = values[r * width + c];
  });
  return out;
}

function width(t: Tensor): number {
  return t.shape[t.rank - 1] as number;
}

/**
 * Checks a multimodal batch (InputError naming the problem): the presence mask `x` is [B, M] of
 * 0/1 with at least one modality per sample, and each modality's values are [B, F] and, where
 * present, in its likelihood's support.
 */
export function checkBatch(model: Checked, batch: Batch): void {
  const present = batch.x;
  const m = model.names.length;
  if (present.rank !== 2 || width(present) !== m) {
    throw new InputError(`the batch's presence mask x is [${present.shape.join(', ')}], expected [batch, ${m}] (one column per modality: ${model.names.join(', ')})`);
  }
  const mask = present.dataSync();
  const b = present.shape[0] as number;
  for (let r = 0; r < b; r++) {
    let any = false;
    for (let j = 0; j < m; j++) {
      const v = mask[r * m + j];
      if (v !== 0 && v !== 1) throw new InputError(`the presence mask has ${v} at row ${r}, column ${j}; it must be 0 or 1`);
      any ||= v === 1;
    }
    if (!any) throw new InputError(`sample ${r} of the batch has no modality`, 'drop samples that have no data in any modality');
  }
  model.modalities.forEach((mod, j) => {
    const values = batch[mod.name];
    if (!values) throw new InputError(`the batch has no values for modality "${mod.name}"`, 'pass zeros where samples lack it, and 0 in its mask column');
    if (values.rank !== 2 || values.shape[0] !== b || width(values) !== mod.featureDim) {
      throw new InputError(`modality "${mod.name}" values are [${values.shape.join(', ')}], expected [${b}, ${mod.featureDim}]`);
    }
    mod.likelihood.validate(presentRows(values.dataSync(), mod.featureDim, mask, j, m), `modality "${mod.name}" (present rows)`);
  });
}
