import { InputError } from '@vaekit/core';
import type { AlignedData, DenseValues, ModalityInput, MultimodalInput } from './input.js';

/** What alignment needs to know about a model's modality. */
export interface AlignSpec {
  name: string;
  featureDim: number;
  /** Throws InputError when values are outside the modality's support (its likelihood's validate). */
  validate(values: Float32Array, where: string): void;
}

function listSome(items: readonly string[], k = 3): string {
  return items.slice(0, k).map((s) => JSON.stringify(s)).join(', ') + (items.length > k ? `, … (${items.length} in all)` : '');
}

function isDense(x: ModalityInput['x']): x is DenseValues {
  return typeof x === 'object' && x !== null && 'data' in x && 'nRows' in x && 'nCols' in x;
}

/** A modality's values as Float32Array [rows, featureDim]; InputError when the width does not fit. */
function readValues(name: string, input: ModalityInput, featureDim: number): { data: Float32Array; rows: number } {
  if (!input || typeof input !== 'object' || input.x === undefined || input.x === null) {
    throw new InputError(`modality "${name}" has no values`, 'pass { x: values } with one row per cell');
  }
  if (isDense(input.x)) {
    if (input.x.nCols !== featureDim) throw new InputError(`modality "${name}" has ${input.x.nCols} features per cell, the model expects ${featureDim}`, 'select the features the model was built with, in its order');
    if (input.x.data.length !== input.x.nRows * input.x.nCols) throw new InputError(`modality "${name}": ${input.x.data.length} values for ${input.x.nRows} × ${input.x.nCols}`);
    return { data: Float32Array.from(input.x.data), rows: input.x.nRows };
  }
  const len = input.x.length;
  if (typeof len !== 'number' || len % featureDim !== 0) {
    throw new InputError(`modality "${name}" has ${String(len)} values, not a multiple of its ${featureDim} features`, 'pass a row-major [cells × features] array');
  }
  return { data: Float32Array.from(input.x), rows: len / featureDim };
}

function checkUnique(ids: readonly string[], what: string): Map<string, number> {
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (typeof id !== 'string') throw new InputError(`${what}: cell id at position ${i} is not a string (${String(id)})`);
    if (index.has(id)) throw new InputError(`${what}: cell id "${id}" appears twice (positions ${index.get(id)} and ${i})`, 'cell ids must be unique');
    index.set(id, i);
  });
  return index;
}

/** Validates the present rows of one modality; a failure names the cell. */
function validateRows(spec: AlignSpec, values: Float32Array, rows: number[], cells: readonly string[]): void {
  const f = spec.featureDim;
  const sub = new Float32Array(rows.length * f);
  rows.forEach((r, i) => sub.set(values.subarray(r * f, (r + 1) * f), i * f));
  try {
    spec.validate(sub, `modality "${spec.name}"`);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const hint = err.hint;
    const base = hint && err.message.endsWith(` — ${hint}`) ? err.message.slice(0, -(hint.length + 3)) : err.message;
    const message = base.replace(/at row (\d+)/, (_, r: string) => `in cell "${cells[rows[Number(r)]]}" (row ${rows[Number(r)]})`);
    throw new InputError(message, hint);
  }
}

/**
 * Aligns multimodal input to a model's modalities: pairs rows by position or by cell id, builds the
 * presence mask, zero-fills missing rows, and checks everything (InputError naming the modality and
 * cell): unknown modalities, widths, different cell counts, duplicate or unknown ids, cells without
 * any modality, values outside a likelihood's support (negative or NaN counts, …).
 */
export function alignInput(input: MultimodalInput, specs: readonly AlignSpec[]): AlignedData {
  if (!input || typeof input !== 'object' || !input.modalities || typeof input.modalities !== 'object') {
    throw new InputError('multimodal data must be { modalities: { <name>: { x, cells?, missing? } }, cells? }');
  }
  const names = specs.map((s) => s.name);
  const given = Object.keys(input.modalities);
  const unknown = given.filter((g) => !names.includes(g));
  if (unknown.length > 0) throw new InputError(`unknown modality ${listSome(unknown)}`, `the model's modalities are ${names.join(', ')}`);
  const used = specs.filter((s) => input.modalities[s.name] !== undefined);
  if (used.length === 0) throw new InputError('the data has none of the model\'s modalities', `pass at least one of ${names.join(', ')}`);
  const read = Object.fromEntries(used.map((s) => [s.name, readValues(s.name, input.modalities[s.name], s.featureDim)]));
  const withIds = used.filter((s) => input.modalities[s.name].cells !== undefined);
  if (withIds.length > 0 && withIds.length < used.length) {
    const without = used.filter((s) => input.modalities[s.name].cells === undefined).map((s) => s.name);
    throw new InputError(`modalities ${withIds.map((s) => s.name).join(', ')} give cell ids but ${without.join(', ')} do not`, 'give cell ids for every modality (rows paired by id) or for none (rows paired by position)');
  }
  const aligned = withIds.length > 0 ? alignById(input, used, read) : alignByPosition(input, used, read);
  const { n, cells, rowOf } = aligned;
  const m = specs.length;
  const present = new Uint8Array(n * m);
  const values: Record<string, Float32Array> = {};
  specs.forEach((s, j) => {
    const out = new Float32Array(n * s.featureDim);
    const src = read[s.name];
    const map = rowOf[s.name];
    if (src && map) {
      const rows: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = map[i];
        if (r < 0) continue;
        present[i * m + j] = 1;
        out.set(src.data.subarray(r * s.featureDim, (r + 1) * s.featureDim), i * s.featureDim);
        rows.push(i);
      }
      validateRows(s, out, rows, cells);
    }
    values[s.name] = out;
  });
  for (let i = 0; i < n; i++) {
    let any = false;
    for (let j = 0; j < m; j++) any ||= present[i * m + j] === 1;
    if (!any) throw new InputError(`cell "${cells[i]}" (row ${i}) has no modality: it is missing from ${used.map((s) => s.name).join(', ')}`, 'drop cells without data, or check the missing rows and cell ids');
  }
  return { n, cells, names, values, present };
}

interface Pairing {
  n: number;
  cells: string[];
  /** Per modality: for each cell, the row of its values, or −1 when it lacks the modality. */
  rowOf: Record<string, Int32Array>;
}

function alignByPosition(input: MultimodalInput, used: readonly AlignSpec[], read: Record<string, { rows: number }>): Pairing {
  const counts = used.map((s) => read[s.name].rows);
  const n = counts[0];
  if (counts.some((c) => c !== n)) {
    throw new InputError(
      `the modalities have different cell counts: ${used.map((s, i) => `${s.name} ${counts[i]}`).join(', ')}`,
      'pair rows by id (give each modality its cells), or pad the rows a modality lacks and list them in its missing',
    );
  }
  if (input.cells !== undefined && input.cells.length !== n) throw new InputError(`${input.cells.length} cell ids for ${n} rows`, 'give one id per row');
  const cells = input.cells ? [...input.cells] : Array.from({ length: n }, (_, i) => String(i));
  checkUnique(cells, 'cells');
  const rowOf: Record<string, Int32Array> = {};
  for (const s of used) {
    const map = Int32Array.from({ length: n }, (_, i) => i);
    for (const r of Array.from(input.modalities[s.name].missing ?? [])) {
      if (!Number.isInteger(r) || r < 0 || r >= n) throw new InputError(`modality "${s.name}": missing row ${r} is not a row index in [0, ${n})`);
      map[r] = -1;
    }
    rowOf[s.name] = map;
  }
  return { n, cells, rowOf };
}

function alignById(input: MultimodalInput, used: readonly AlignSpec[], read: Record<string, { rows: number }>): Pairing {
  const ids: Record<string, Map<string, number>> = {};
  for (const s of used) {
    const mi = input.modalities[s.name];
    const list = mi.cells as readonly string[];
    if (!Array.isArray(list)) throw new InputError(`modality "${s.name}": cells must be an array of cell ids`);
    if (list.length !== read[s.name].rows) {
      throw new InputError(`modality "${s.name}" has ${read[s.name].rows} rows but ${list.length} cell ids`, 'give exactly one id per row of x');
    }
    if (mi.missing !== undefined && Array.from(mi.missing).length > 0) {
      throw new InputError(`modality "${s.name}" gives both cell ids and missing rows`, 'with ids, leave the cells that lack the modality out of its rows and ids');
    }
    ids[s.name] = checkUnique(list, `modality "${s.name}"`);
  }
  let cells: string[];
  if (input.cells !== undefined) {
    cells = [...input.cells];
    const all = checkUnique(cells, 'cells');
    for (const s of used) {
      const stray = [...ids[s.name].keys()].filter((id) => !all.has(id));
      if (stray.length > 0) {
        throw new InputError(`mismatched cell ids: modality "${s.name}" has ${stray.length} cell(s) that are not among cells: ${listSome(stray)}`, `cells starts with ${listSome(cells)}; check that both use the same id format`);
      }
    }
  } else {
    const seen = new Set<string>();
    cells = [];
    for (const s of used) {
      for (const id of ids[s.name].keys()) {
        if (seen.has(id)) continue;
        seen.add(id);
        cells.push(id);
      }
    }
  }
  const rowOf: Record<string, Int32Array> = {};
  for (const s of used) rowOf[s.name] = Int32Array.from(cells, (id) => ids[s.name].get(id) ?? -1);
  return { n: cells.length, cells, rowOf };
}

/** Number of cells that have at least two modalities. */
export function pairedCells(data: AlignedData): number {
  const m = data.names.length;
  let paired = 0;
  for (let i = 0; i < data.n; i++) {
    let k = 0;
    for (let j = 0; j < m; j++) k += data.present[i * m + j];
    if (k >= 2) paired++;
  }
  return paired;
}
