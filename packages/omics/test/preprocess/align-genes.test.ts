import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '@vaekit/core';
import { alignGenes } from '../../src/preprocess/align-genes.js';
import { selectGenes } from '../../src/preprocess/select-genes.js';
import { tinyCounts } from './fixtures.js';

// Query: 2 cells; genes with ids; 'Extra' is not in the model.
const query = tinyCounts(
  [
    [1, 2, 3, 4],
    [5, 6, 7, 8],
  ],
  ['Tp53', 'GAPDH', 'Extra', 'CD3E'],
  ['q0', 'q1'],
  { gene_ids: ['ENSG00000141510.16', 'ENSG00000111640.15', 'ENSG00000000001', 'ENSG00000198851'] },
);

describe('alignGenes: a query data set in a trained model’s gene order', () => {
  it('exact names: model order, missing genes zero-filled, extra listed, a warning naming the missing', () => {
    const r = alignGenes(query, ['CD3E', 'GAPDH', 'MS4A1']);
    expect(r.matrix.var.names).toEqual(['CD3E', 'GAPDH', 'MS4A1']);
    expect(Array.from(r.matrix.X.toDense())).toEqual([4, 2, 0, 8, 6, 0]);
    expect(Array.from(r.columns)).toEqual([3, 1, -1]);
    expect(r.missing).toEqual(['MS4A1']);
    expect(r.extra).toEqual(['Tp53', 'Extra']);
    expect(r.matchedBy).toEqual({ name: 2, caseInsensitive: 0, geneId: 0 });
    expect(r.warnings).toEqual(['1 of the model\'s 3 genes are not in the query data and were filled with zeros: "MS4A1"']);
    expect(r.matrix.var.columns.gene_ids).toEqual(['ENSG00000198851', 'ENSG00000111640.15', '']);
    expect(r.matrix.obs).toBe(query.obs);
  });

  it('no warnings when every model gene is present', () => {
    const r = alignGenes(query, ['GAPDH', 'CD3E']);
    expect(r.warnings).toEqual([]);
    expect(r.missing).toEqual([]);
  });

  it('lists the first 20 missing genes and how many more', () => {
    const model = ['GAPDH', 'CD3E', ...Array.from({ length: 25 }, (_, i) => `M${i}`)];
    const r = alignGenes(query, model, { minOverlap: 0 });
    expect(r.warnings[0]).toMatch(/^25 of the model's 27 genes are not in the query data/);
    expect(r.warnings[0]).toContain('"M19" … and 5 more');
    expect(r.warnings[0]).not.toContain('"M20"');
  });

  it('case-insensitive matching only when asked, and only when unambiguous', () => {
    expect(alignGenes(query, ['TP53', 'GAPDH']).missing).toEqual(['TP53']);
    const r = alignGenes(query, ['TP53', 'GAPDH'], { caseInsensitive: true });
    expect(r.missing).toEqual([]);
    expect(r.matchedBy).toEqual({ name: 1, caseInsensitive: 1, geneId: 0 });
    expect(r.warnings).toEqual(['1 genes were matched ignoring case']);
    const twice = tinyCounts([[1, 2, 3]], ['abc', 'ABC', 'x']);
    const amb = alignGenes(twice, ['Abc', 'x'], { caseInsensitive: true });
    expect(amb.missing).toEqual(['Abc']);
    expect(amb.warnings).toContain('1 model genes match several query genes when case is ignored and were left unmatched');
  });

  it('Ensembl ids in the model are matched against the gene_ids column, ignoring version suffixes', () => {
    const r = alignGenes(query, ['ENSG00000141510', 'ENSG00000198851.3', 'ENSG00000999999']);
    expect(Array.from(r.columns)).toEqual([0, 3, -1]);
    expect(r.matchedBy.geneId).toBe(2);
    expect(r.warnings).toContain('2 genes were matched by the query\'s "gene_ids" column');
    expect(Array.from(r.matrix.X.toDense())).toEqual([1, 4, 0, 5, 8, 0]);
  });

  it('too little overlap is an InputError that says how many were found and what to check', () => {
    const model = ['ENSG00000141510', 'ENSG00000111640', 'ENSG00000000003'];
    const bare = { ...query, var: { names: query.var.names, columns: {} } };
    let err: unknown;
    try {
      alignGenes(bare, model);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/only 0 of the model's 3 genes \(0\.0%\) were found/);
    expect(msg).toMatch(/symbols vs Ensembl ids/);
    expect(msg).toMatch(/no "gene_ids" column/);
    expect(msg).toMatch(/species/);
    expect(msg).toMatch(/caseInsensitive/);
    expect(() => alignGenes(query, ['GAPDH', 'A', 'B', 'C'])).toThrow(/only 1 of the model's 4 genes \(25\.0%\)/);
    expect(alignGenes(query, ['GAPDH', 'A', 'B', 'C'], { minOverlap: 0.25 }).missing).toEqual(['A', 'B', 'C']);
  });

  it('rejects a model gene list with duplicates, an empty one, and minOverlap outside [0, 1]', () => {
    expect(() => alignGenes(query, ['GAPDH', 'GAPDH'])).toThrow(ConfigError);
    expect(() => alignGenes(query, [])).toThrow(ConfigError);
    expect(() => alignGenes(query, ['GAPDH'], { minOverlap: 2 })).toThrow(ConfigError);
  });
});

describe('selectGenes', () => {
  it('picks and orders genes by name; unknown names are an InputError listing them', () => {
    const s = selectGenes(query, ['CD3E', 'Tp53']);
    expect(s.var.names).toEqual(['CD3E', 'Tp53']);
    expect(Array.from(s.X.toDense())).toEqual([4, 1, 8, 5]);
    expect(s.var.columns.gene_ids).toEqual(['ENSG00000198851', 'ENSG00000141510.16']);
    expect(() => selectGenes(query, ['CD3E', 'NOPE'])).toThrow(/1 of 2 genes are not in the data: "NOPE"/);
  });
});
