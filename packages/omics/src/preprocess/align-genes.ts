import { ConfigError, InputError } from '@vaekit/core/errors';
import type { AnnotationColumn, CountMatrix } from '../matrix/count-matrix.js';
import { listSome } from './list-some.js';

/** Options of {@link alignGenes}. */
export interface AlignGenesOptions {
  /** Smallest fraction of the model's genes that must be found (default 0.5); fewer is an InputError. */
  minOverlap?: number;
  /** Also match names that differ only in case (TP53 / Tp53), when unambiguous (default false). */
  caseInsensitive?: boolean;
  /** var column of gene ids used when the model's genes are Ensembl ids (default 'gene_ids'). */
  idColumn?: string;
}

/** The query data put in the model's gene order, and what did not match. */
export interface AlignGenesResult {
  /** Columns = the model's genes, in its order; genes the query lacks are all zeros. */
  matrix: CountMatrix;
  /** Per model gene, the query column it came from, or −1 when missing. */
  columns: Int32Array;
  /** Model genes not found in the query (zero-filled). */
  missing: string[];
  /** Query genes the model does not use (dropped). */
  extra: string[];
  /** How many model genes matched by exact name, by name ignoring case, and by gene id. */
  matchedBy: { name: number; caseInsensitive: number; geneId: number };
  warnings: string[];
}

const ENSEMBL = /^ENS[A-Z]*G\d{6,}(\.\d+)?$/;

/**
 * Matches a query data set's genes to a trained model's gene list, to apply the model to data
 * whose genes differ: exact name first; then, with `caseInsensitive`, names equal up to case
 * when exactly one query gene qualifies; then, when most of the model's genes look like Ensembl
 * ids, the query's `gene_ids` var column (version suffixes such as `.12` ignored). Each query
 * gene is used at most once. Genes the query lacks become zero columns, with a warning listing
 * them (first 20 and a count); when fewer than `minOverlap` of the model's genes are found, an
 * InputError says how many were and what to check.
 */
export function alignGenes(query: CountMatrix, modelGenes: readonly string[], options: AlignGenesOptions = {}): AlignGenesResult {
  const minOverlap = options.minOverlap ?? 0.5;
  if (!(minOverlap >= 0 && minOverlap <= 1)) throw new ConfigError(`alignGenes: minOverlap must be in [0, 1], got ${minOverlap}`);
  if (modelGenes.length === 0) throw new ConfigError('alignGenes: the model has no genes');
  const seen = new Set<string>();
  const dup = modelGenes.find((g) => seen.size === seen.add(g).size);
  if (dup !== undefined) throw new ConfigError(`alignGenes: gene "${dup}" appears twice in the model's gene list`);
  const names = query.var.names;
  const used = new Uint8Array(names.length);
  const columns = new Int32Array(modelGenes.length).fill(-1);
  const matchedBy = { name: 0, caseInsensitive: 0, geneId: 0 };
  const warnings: string[] = [];

  const exact = firstIndex(names);
  modelGenes.forEach((g, i) => {
    const j = exact.get(g);
    if (j !== undefined && !used[j]) take(i, j, 'name');
  });
  if (options.caseInsensitive) {
    const lower = allIndices(names.map((n) => n.toLowerCase()));
    let ambiguous = 0;
    modelGenes.forEach((g, i) => {
      if (columns[i] !== -1) return;
      const free = (lower.get(g.toLowerCase()) ?? []).filter((j) => !used[j]);
      if (free.length === 1) take(i, free[0], 'caseInsensitive');
      else if (free.length > 1) ambiguous++;
    });
    if (ambiguous > 0) warnings.push(`${ambiguous} model genes match several query genes when case is ignored and were left unmatched`);
  }
  const idColumn = options.idColumn ?? 'gene_ids';
  const ids = query.var.columns[idColumn];
  const ensemblModel = modelGenes.filter((g) => ENSEMBL.test(g)).length > modelGenes.length / 2;
  if (ensemblModel && Array.isArray(ids)) {
    const byId = allIndices(ids.map(stripVersion));
    modelGenes.forEach((g, i) => {
      if (columns[i] !== -1) return;
      const j = (byId.get(stripVersion(g)) ?? []).find((c) => !used[c]);
      if (j !== undefined) take(i, j, 'geneId');
    });
  }

  const found = modelGenes.length - columns.filter((c) => c === -1).length;
  if (found < minOverlap * modelGenes.length) {
    const pct = ((100 * found) / modelGenes.length).toFixed(1);
    throw new InputError(
      `only ${found} of the model's ${modelGenes.length} genes (${pct}%) were found in the query data${query.source ? ` (${query.source})` : ''}; at least ${Math.round(minOverlap * 100)}% are needed`,
      `check that both use the same gene identifiers (the model's look like ${listSome(modelGenes, 3)}, the query's like ${listSome(names, 3)}: symbols vs Ensembl ids${
        Array.isArray(ids) ? '' : ` — the query has no "${idColumn}" column to match ids against`
      }), the same species, and the same case (caseInsensitive: true matches "TP53" to "Tp53"); or lower minOverlap`,
    );
  }
  const missing = modelGenes.filter((_, i) => columns[i] === -1);
  const extra = names.filter((_, j) => !used[j]);
  if (missing.length > 0) {
    warnings.unshift(`${missing.length} of the model's ${modelGenes.length} genes are not in the query data and were filled with zeros: ${listSome(missing)}`);
  }
  if (matchedBy.caseInsensitive > 0) warnings.push(`${matchedBy.caseInsensitive} genes were matched ignoring case`);
  if (matchedBy.geneId > 0) warnings.push(`${matchedBy.geneId} genes were matched by the query's "${idColumn}" column`);

  const X = query.X.selectColumns(columns);
  const matrix: CountMatrix = { X, obs: query.obs, var: { names: [...modelGenes], columns: pickVarColumns(query.var.columns, columns) } };
  if (query.layers) matrix.layers = Object.fromEntries(Object.entries(query.layers).map(([k, l]) => [k, l.selectColumns(columns)]));
  if (query.obsm) matrix.obsm = query.obsm;
  if (query.source !== undefined) matrix.source = query.source;
  return { matrix, columns, missing, extra, matchedBy, warnings };

  function take(i: number, j: number, how: keyof typeof matchedBy): void {
    columns[i] = j;
    used[j] = 1;
    matchedBy[how]++;
  }
}

function stripVersion(id: string): string {
  return ENSEMBL.test(id) ? id.replace(/\.\d+$/, '') : id;
}

function firstIndex(names: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  names.forEach((n, j) => {
    if (!index.has(n)) index.set(n, j);
  });
  return index;
}

function allIndices(keys: readonly string[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  keys.forEach((k, j) => {
    const list = index.get(k);
    if (list) list.push(j);
    else index.set(k, [j]);
  });
  return index;
}

/** var columns for the aligned genes: '' (strings) or NaN (numbers) for the missing ones. */
function pickVarColumns(columns: Record<string, AnnotationColumn>, pick: Int32Array): Record<string, AnnotationColumn> {
  const out: Record<string, AnnotationColumn> = {};
  for (const [name, col] of Object.entries(columns)) {
    out[name] = Array.isArray(col) ? Array.from(pick, (j) => (j === -1 ? '' : col[j])) : Float64Array.from(pick, (j) => (j === -1 ? NaN : col[j]));
  }
  return out;
}
