/** A dense row-major matrix, as @vaekit/omics and core's metrics pass them. */
export interface DenseValues {
  data: Float32Array;
  nRows: number;
  nCols: number;
}

/** One modality's data. */
export interface ModalityInput {
  /** Values, one row per cell: row-major [cells × features] (a Float32Array, a number array, or `{ data, nRows, nCols }`). */
  x: Float32Array | ArrayLike<number> | DenseValues;
  /**
   * This modality's cell ids, one per row of `x`: rows are then paired with the other modalities'
   * by id, and a cell missing from this list lacks the modality. Give ids for every modality or none.
   */
  cells?: readonly string[];
  /**
   * Without ids (rows paired by position): the rows whose values are missing. Their values are
   * ignored (they may be NaN or anything else).
   */
  missing?: ArrayLike<number>;
}

/**
 * Data of several modalities for the same cells, where some cells may lack some modalities.
 * Either every modality has the same rows in the same order (with `missing` rows), or every
 * modality names its rows' cell ids (`cells`) and rows are matched by id.
 */
export interface MultimodalInput {
  /**
   * The cell ids. Rows paired by position: one per row (default "0", "1", …). Rows paired by id:
   * the cells, in the order results are returned (default: the union of the modalities' ids in order
   * of first appearance); a modality id that is not among them is an error.
   */
  cells?: readonly string[];
  modalities: Record<string, ModalityInput>;
}

/** Multimodal data aligned to a model's modalities: one row per cell, zeros where a modality is missing. */
export interface AlignedData {
  n: number;
  cells: string[];
  /** The model's modality names, in mask-column order. */
  names: string[];
  /** Per modality, row-major [n, featureDim] values (zeros where missing). */
  values: Record<string, Float32Array>;
  /** Presence mask [n, M] (1 where the cell has the modality). */
  present: Uint8Array;
}
