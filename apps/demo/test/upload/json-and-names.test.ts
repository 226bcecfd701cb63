import { describe, expect, it } from 'vitest';
import { InputError } from '@vaekit/core/errors';
import { checkModelName, isModelName } from '../../src/http/model-name.js';
import { HttpError } from '../../src/http/http-error.js';
import { nameForContentType, safeFileName, uploadType } from '../../src/upload/file-name.js';
import { jsonToCounts } from '../../src/upload/json-counts.js';

describe('jsonToCounts', () => {
  it('builds a sparse count matrix with cell names and obs columns', () => {
    const m = jsonToCounts({ features: ['a', 'b'], counts: [[0, 3], [2, 0]], cells: ['x', 'y'], obs: { batch: ['b1', 'b2'] } });
    expect(Array.from(m.X.toDense())).toEqual([0, 3, 2, 0]);
    expect(m.X.nnz).toBe(2);
    expect(m.obs).toEqual({ names: ['x', 'y'], columns: { batch: ['b1', 'b2'] } });
    expect(m.var.names).toEqual(['a', 'b']);
  });

  it.each([
    [null, /must be an object/],
    [{ counts: [[1]] }, /"features" must be an array/],
    [{ features: ['a'], counts: [] }, /"counts" must be a non-empty array/],
    [{ features: ['a', 'b'], counts: [[1]] }, /row 0 has 1 values, expected 2/],
    [{ features: ['a'], counts: [['1']] }, /"counts"\[0\]\[0\] is not a finite number/],
    [{ features: ['a'], counts: [[1]], cells: ['x', 'y'] }, /"cells" has 2 names for 1 rows/],
    [{ features: ['a'], counts: [[1]], obs: { batch: [] } }, /"obs"."batch" must have one value per cell/],
    [{ features: ['a'], counts: [[1.5]] }, /not an integer/],
    [{ features: ['a'], counts: [[-1]] }, /negative/],
  ])('rejects %j with an InputError', (body, message) => {
    expect(() => jsonToCounts(body)).toThrow(InputError);
    expect(() => jsonToCounts(body)).toThrow(message);
  });

  it('accepts real values for models that do not read counts', () => {
    expect(jsonToCounts({ features: ['a'], counts: [[-1.5]] }, { counts: false }).X.get(0, 0)).toBe(-1.5);
  });
});

describe('model names', () => {
  it.each(['pbmc', 'scvi-nb_2.0', 'A1'])('accepts %s', (name) => expect(checkModelName(name)).toBe(name));
  it.each(['..', '../etc', 'a/b', 'a\\b', '.hidden', 'a..b', '', 'x'.repeat(200), 'a\u0000b', '%2e%2e'])('rejects %j with a 400', (name) => {
    expect(isModelName(name)).toBe(false);
    const err = (() => {
      try {
        checkModelName(name);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).statusCode).toBe(400);
  });
  it('rejects non-strings', () => expect(() => checkModelName(undefined)).toThrow(/invalid model name/));
});

describe('upload file names', () => {
  it('keeps a safe base name and its extension', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\data\\my cells.csv.gz')).toBe('my_cells.csv.gz');
    expect(safeFileName('...')).toBe('upload.csv');
    expect(safeFileName(undefined, 'x.h5ad')).toBe('x.h5ad');
  });
  it('recognises the upload types, longest extension first', () => {
    expect(uploadType('A.CSV.GZ')).toBe('.csv.gz');
    expect(uploadType('x.h5ad')).toBe('.h5ad');
    expect(uploadType('x.h5')).toBe('.h5');
    expect(uploadType('x.xlsx')).toBeUndefined();
  });
  it('names raw bodies by ?filename= or content type', () => {
    expect(nameForContentType('text/csv; charset=utf-8', undefined)).toBe('upload.csv');
    expect(nameForContentType('application/zip', undefined)).toBe('upload.zip');
    expect(nameForContentType('application/octet-stream', 'cells.h5ad')).toBe('cells.h5ad');
  });
});
