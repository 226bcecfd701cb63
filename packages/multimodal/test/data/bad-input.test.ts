// Pairing rows by position or by cell id, and every kind of bad input as a typed error that names
// the modality and the cell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '@vaekit/core';
import { MultimodalModel } from '@vaekit/multimodal';

function tiny(): MultimodalModel {
  return MultimodalModel.create({
    latentDim: 2,
    modalities: [
      { name: 'rna', featureDim: 3, encoder: { kind: 'mlp', config: { hidden: [4] } }, decoder: { kind: 'mlp', config: { hidden: [4] } }, likelihood: { kind: 'nb' } },
      { name: 'protein', featureDim: 2, encoder: { kind: 'mlp', config: { hidden: [4] } }, decoder: { kind: 'mlp', config: { hidden: [4] } }, likelihood: { kind: 'nb-mixture' } },
    ],
  });
}

const rna = [1, 2, 3, 4, 5, 6, 7, 8, 9]; // 3 cells × 3 genes
const protein = [10, 20, 30, 40, 50, 60]; // 3 cells × 2 proteins

describe('aligning modalities', () => {
  let model: MultimodalModel;
  beforeAll(() => {
    model = tiny();
  });
  afterAll(() => model.dispose());

  it('pairs rows by position, with missing rows zero-filled and masked (whatever their values)', () => {
    const a = model.align({ cells: ['a', 'b', 'c'], modalities: { rna: { x: rna }, protein: { x: [10, 20, NaN, -1, 50, 60], missing: [1] } } });
    expect(a.cells).toEqual(['a', 'b', 'c']);
    expect(Array.from(a.present)).toEqual([1, 1, 1, 0, 1, 1]);
    expect(Array.from(a.values.protein)).toEqual([10, 20, 0, 0, 50, 60]);
  });

  it('pairs rows by cell id, in the order of cells (default: first appearance)', () => {
    const input = { modalities: { rna: { x: rna, cells: ['a', 'b', 'c'] }, protein: { x: [50, 60, 10, 20], cells: ['c', 'a'] } } };
    const a = model.align(input);
    expect(a.cells).toEqual(['a', 'b', 'c']);
    expect(Array.from(a.present)).toEqual([1, 1, 1, 0, 1, 1]);
    expect(Array.from(a.values.protein)).toEqual([10, 20, 0, 0, 50, 60]);
    const ordered = model.align({ ...input, cells: ['c', 'b', 'a'] });
    expect(Array.from(ordered.values.rna)).toEqual([7, 8, 9, 4, 5, 6, 1, 2, 3]);
    // a modality the data does not give is missing for every cell
    expect(Array.from(model.align({ modalities: { rna: { x: rna } } }).present)).toEqual([1, 0, 1, 0, 1, 0]);
  });

  it('different cell counts (by position, or ids that do not match the rows)', () => {
    expect(() => model.align({ modalities: { rna: { x: rna }, protein: { x: [1, 2, 3, 4] } } })).toThrow(/different cell counts: rna 3, protein 2/);
    expect(() => model.align({ modalities: { rna: { x: rna }, protein: { x: [1, 2, 3, 4] } } })).toThrow(InputError);
    expect(() => model.align({ modalities: { rna: { x: rna, cells: ['a', 'b'] }, protein: { x: protein, cells: ['a', 'b', 'c'] } } })).toThrow(/"rna" has 3 rows but 2 cell ids/);
    expect(() => model.align({ cells: ['a', 'b'], modalities: { rna: { x: rna } } })).toThrow(/2 cell ids for 3 rows/);
  });

  it('mismatched cell ids', () => {
    const wrongFormat = { rna: { x: rna, cells: ['AAAC-1', 'AAAG-1', 'AACT-1'] }, protein: { x: protein, cells: ['AAAC', 'AAAG', 'AACT'] } };
    expect(() => model.align({ cells: ['AAAC-1', 'AAAG-1', 'AACT-1'], modalities: wrongFormat })).toThrow(/mismatched cell ids: modality "protein" has 3 cell\(s\) that are not among cells: "AAAC"/);
    // without a cell list the ids do not overlap at all: training refuses
    expect(() => model.train({ modalities: wrongFormat }, { epochs: 1 })).toThrow(/mismatched cell ids: no cell has more than one modality/);
    expect(() => model.align({ modalities: { rna: { x: rna, cells: ['a', 'b', 'a'] }, protein: { x: protein, cells: ['a', 'b', 'c'] } } })).toThrow(/"a" appears twice/);
    expect(() => model.align({ modalities: { rna: { x: rna, cells: ['a', 'b', 'c'] }, protein: { x: protein } } })).toThrow(/give cell ids for every modality/);
  });

  it('a cell with no modality', () => {
    expect(() => model.align({ cells: ['a', 'b', 'c'], modalities: { rna: { x: rna, missing: [2] }, protein: { x: protein, missing: [0, 2] } } })).toThrow(/cell "c" \(row 2\) has no modality/);
    expect(() => model.align({ cells: ['a', 'b', 'c', 'd'], modalities: { rna: { x: rna, cells: ['a', 'b', 'c'] }, protein: { x: protein, cells: ['a', 'b', 'c'] } } })).toThrow(/cell "d" \(row 3\) has no modality/);
  });

  it('negative, NaN or non-integer counts, naming the modality and the cell', () => {
    const cells = ['a', 'b', 'c'];
    expect(() => model.align({ cells, modalities: { rna: { x: [1, 2, 3, 4, -5, 6, 7, 8, 9] } } })).toThrow(/modality "rna": negative count \(-5\) in cell "b" \(row 1\), column 1/);
    expect(() => model.align({ cells, modalities: { rna: { x: rna }, protein: { x: [10, 20, 30, 40, 50, NaN] } } })).toThrow(/modality "protein": non-finite count \(NaN\) in cell "c" \(row 2\), column 1/);
    expect(() => model.align({ cells, modalities: { rna: { x: [1.5, 2, 3, 4, 5, 6, 7, 8, 9] } } })).toThrow(/non-integer count/);
    // the ids of the other pairing mode name the cell too
    expect(() => model.align({ modalities: { rna: { x: rna, cells: ['x', 'y', 'z'] }, protein: { x: [1, -2], cells: ['y'] } } })).toThrow(/in cell "y" \(row 1\)/);
  });

  it('unknown modalities, wrong widths, bad missing rows', () => {
    expect(() => model.align({ modalities: { atac: { x: [1] } } })).toThrow(/unknown modality "atac" — the model's modalities are rna, protein/);
    expect(() => model.align({ modalities: { rna: { x: [1, 2, 3, 4] } } })).toThrow(/4 values, not a multiple of its 3 features/);
    expect(() => model.align({ modalities: { rna: { x: { data: new Float32Array(8), nRows: 2, nCols: 4 } } } })).toThrow(/4 features per cell, the model expects 3/);
    expect(() => model.align({ modalities: { rna: { x: rna, missing: [3] } } })).toThrow(/missing row 3/);
    expect(() => model.align({ modalities: {} })).toThrow(/none of the model's modalities/);
  });

  it('training and inference name what is missing', () => {
    expect(() => model.train({ modalities: { rna: { x: rna } } }, { epochs: 1 })).toThrow(/no training cell has modality "protein"/);
    const input = { cells: ['a', 'b', 'c'], modalities: { rna: { x: rna, missing: [0] }, protein: { x: protein } } };
    expect(() => model.latent(input, { using: ['rna'] })).toThrow(/1 cell\(s\) have none of the modalities in using \(rna\), e.g. "a"/);
    expect(() => model.latent(input, { using: ['atac'] })).toThrow(ConfigError);
    expect(() => model.impute(input, { from: ['protein'], to: 'rna' })).toThrow(/needs a library size/);
    expect(() => model.impute(input, { from: [], to: 'rna' })).toThrow(/at least one modality/);
  });
});

describe('model configs', () => {
  it('reject bad modality specs with ConfigErrors', () => {
    const base = { name: 'rna', featureDim: 3, likelihood: { kind: 'nb' } };
    expect(() => MultimodalModel.create({ latentDim: 2, modalities: [] })).toThrow(/non-empty array/);
    expect(() => MultimodalModel.create({ latentDim: 0, modalities: [base] })).toThrow(/latentDim/);
    expect(() => MultimodalModel.create({ latentDim: 2, modalities: [base, base] })).toThrow(/appears twice/);
    expect(() => MultimodalModel.create({ latentDim: 2, modalities: [{ ...base, name: 'x' }] })).toThrow(/not allowed/);
    expect(() => MultimodalModel.create({ latentDim: 2, modalities: [{ ...base, likelihood: { kind: 'zip' } }] })).toThrow(/Unknown likelihood kind "zip"/);
    expect(() => MultimodalModel.create({ latentDim: 2, modalities: [base], fusion: { kind: 'moe' } })).toThrow(/Unknown fusion kind "moe"/);
    expect(() => MultimodalModel.create({ latentDim: 2, modalities: [{ ...base, featureNames: ['a'] }] })).toThrow(/1 feature names/);
  });
});
