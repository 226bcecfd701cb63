import { ConfigError } from '@vaekit/core';
import type { CountMatrix } from '../matrix/count-matrix.js';
import { hvgSeurat } from './hvg-seurat.js';
import type { HvgSeuratOptions, HvgSeuratResult } from './hvg-seurat.js';
import { hvgSeuratV3 } from './hvg-seurat-v3.js';
import type { HvgSeuratV3Options, HvgSeuratV3Result } from './hvg-seurat-v3.js';

/** The HVG methods: scanpy's flavors of the same names. */
export type HvgFlavor = 'seurat_v3' | 'seurat_v3_paper' | 'seurat';

/** Options of {@link highlyVariableGenes}: the flavor, then that flavor's options. */
export type HighlyVariableGenesOptions =
  | ({ flavor?: 'seurat_v3' | 'seurat_v3_paper' } & Omit<HvgSeuratV3Options, 'flavor'>)
  | ({ flavor: 'seurat' } & HvgSeuratOptions);

/**
 * Highly variable genes as scanpy's `pp.highly_variable_genes` selects them. The default
 * flavor here is 'seurat_v3' (raw counts, {@link hvgSeuratV3}), what count models train on;
 * 'seurat' ({@link hvgSeurat}) expects log-normalised data (normalizeTotal, then log1p).
 */
export function highlyVariableGenes(m: CountMatrix, options: HighlyVariableGenesOptions = {}): HvgSeuratV3Result | HvgSeuratResult {
  const flavor = options.flavor ?? 'seurat_v3';
  if (options.flavor === 'seurat') return hvgSeurat(m, options);
  if (flavor === 'seurat_v3' || flavor === 'seurat_v3_paper') return hvgSeuratV3(m, { ...options, flavor } as HvgSeuratV3Options);
  throw new ConfigError(`highlyVariableGenes: unknown flavor "${String(flavor)}"`, "use 'seurat_v3', 'seurat_v3_paper' or 'seurat'");
}
