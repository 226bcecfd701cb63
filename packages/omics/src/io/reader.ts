import type { CountMatrix } from '../matrix/count-matrix.js';

/** What {@link readCounts} knows about a path before choosing a reader. */
export interface PathInfo {
  /** Absolute path. */
  path: string;
  isDirectory: boolean;
  /** Lower-cased file name with a trailing `.gz` removed (`counts.csv.gz` → `counts.csv`). */
  name: string;
  /** Whether the name ended in `.gz`. */
  gz: boolean;
}

/** Options every reader understands; each ignores those that do not apply to its format. */
export interface ReadCountsOptions {
  /** Use this reader (its `kind`) instead of choosing by path. */
  kind?: string;
  /** Check that the counts are finite non-negative integers (default true). */
  validate?: boolean;
  /** .h5ad: read `layers/<layer>` instead of X (e.g. 'counts' when X holds normalised values). */
  layer?: string;
  /** .h5ad: read `raw/X` with `raw/var` (the raw counts scanpy keeps in `adata.raw`) instead of X. */
  raw?: boolean;
  /** .h5ad: also read these layers into `layers`. */
  layers?: readonly string[];
  /** 10x: name genes by symbol (default, as scanpy) or by Ensembl id. */
  varNames?: 'gene_symbols' | 'gene_ids';
  /** 10x: make gene names unique with -1, -2 suffixes like scanpy's var_names_make_unique (default true). */
  makeUnique?: boolean;
  /** 10x v3: keep only 'Gene Expression' features (default true, as scanpy's gex_only). */
  gexOnly?: boolean;
  /** 10x v2 .h5: the genome group to read (default: the only one). */
  genome?: string;
  /** 10x folder: file name prefix, e.g. 'GSM1234_' for GSM1234_matrix.mtx.gz. */
  prefix?: string;
  /** CSV/TSV: how the table is laid out (default 'auto', see the CSV reader). */
  orientation?: 'cells-by-genes' | 'genes-by-cells' | 'auto';
  /** CSV/TSV: field delimiter (default: tab for .tsv/.txt/.tab, comma otherwise). */
  delimiter?: string;
}

/**
 * A registered count-file reader: {@link readCounts} asks each registered reader `canRead` and
 * uses the one that says yes. Register your own with `countReaders.register(reader)`.
 */
export interface CountReader {
  readonly kind: string;
  /** One line for error messages: what it reads and how it recognises it. */
  readonly description: string;
  canRead(info: PathInfo): boolean;
  read(path: string, options: ReadCountsOptions): Promise<CountMatrix>;
}
