// Bad data and bad model folders: one clear message on stderr, exit code 1, stack traces only on request.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, EngineError, InputError, ModelFormatError, TrainingError } from '@vaekit/core';
import { CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, UsageError, reportError } from '../src/errors.js';
import { tempDir, writeSimulatedH5ad } from './helpers/data.js';
import { FakeIo, vaekit } from './helpers/fake-io.js';

describe('reportError maps errors to exit codes and messages', () => {
  it('core errors by kind: options are usage errors (2), data / model / training / engine failures are 1', () => {
    const cases: [Error, number][] = [
      [new ConfigError('bad option', 'fix it'), 2],
      [new InputError('bad data', 'clean it'), 1],
      [new ModelFormatError('bad model'), 1],
      [new TrainingError('loss is NaN', 'lower the learning rate'), 1],
      [new EngineError('no engine'), 1],
      [new UsageError('bad flag'), 2],
      [new CliError('no run'), 1],
      [new Error('boom'), 1],
    ];
    for (const [err, code] of cases) expect(reportError(err, false).exitCode).toBe(code);
  });

  it('prints the message and the hint on its own line, without repeating the hint', () => {
    const { lines } = reportError(new InputError('count is negative', 'pass raw counts'), false);
    expect(lines).toEqual(['error: count is negative', '  hint: pass raw counts']);
  });

  it("names a failed training run's last good checkpoint", () => {
    const { lines } = reportError(new TrainingError('loss is NaN at step 7', 'lower --lr', { checkpoint: '/runs/a/checkpoint' }), false);
    expect(lines).toContain('  last good checkpoint: /runs/a/checkpoint');
  });

  it('a file-system error is shown as it is; an unexpected one asks for --verbose', () => {
    const fsError = Object.assign(new Error("EACCES: permission denied, open '/x'"), { code: 'EACCES', syscall: 'open' });
    expect(reportError(fsError, false)).toEqual({ exitCode: 1, lines: ["error: EACCES: permission denied, open '/x'"] });
    const { lines } = reportError(new TypeError('x is undefined'), false);
    expect(lines).toEqual(['error: unexpected failure: x is undefined', '  hint: run again with --verbose (or VAEKIT_DEBUG=1) for the stack trace, and report it']);
  });

  it('adds the stack trace when verbose', () => {
    const err = new InputError('bad');
    const { lines } = reportError(err, true);
    expect(lines.at(-1)).toBe(err.stack);
  });

  it("commander's own errors were printed by commander: help and version exit 0, the rest 2", () => {
    expect(reportError(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), false)).toEqual({ exitCode: 0, lines: [] });
    expect(reportError(new CommanderError(1, 'commander.unknownOption', 'x'), false)).toEqual({ exitCode: 2, lines: [] });
  });
});

describe('bad data and model folders, end to end', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let cells: string;
  const train = (data: string, ...more: string[]) => ['train', 'omics', '--data', data, '--out', join(dir, `run-${Math.random().toString(36).slice(2)}`), '--epochs', '1', ...more];

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    cells = join(dir, 'cells.h5ad');
    await writeSimulatedH5ad(cells, { cells: 60, genes: 30, cellTypes: 2, batches: 2, seed: 3 });
    await writeFile(join(dir, 'negative.csv'), ',g1,g2,g3\nc1,1,-2,0\nc2,3,4,1\n');
    await writeFile(join(dir, 'corrupt.h5ad'), 'this is not HDF5\n');
    await writeFile(join(dir, 'notes.txt.xyz'), 'hello');
    await mkdir(join(dir, 'empty-model'));
  });
  afterAll(() => cleanup());

  const cases: [string, () => string[], RegExp, RegExp?][] = [
    ['a missing data file', () => train(join(dir, 'missing.h5ad')), /missing\.h5ad does not exist/],
    ['a file of no known type', () => train(join(dir, 'notes.txt.xyz')), /notes\.txt\.xyz: vaekit does not recognise this kind of file/, /hint: pass --format with one of: 10x-h5/],
    ['negative counts', () => train(join(dir, 'negative.csv')), /count for cell "c1" \(row 0\) and gene "g2" \(column 1\) is negative \(-2\)/],
    ['a corrupt .h5ad', () => train(join(dir, 'corrupt.h5ad')), /corrupt\.h5ad is not an \.h5ad .* no HDF5 signature/],
    ['an unknown --batch-key', () => train(cells, '--batch-key', 'sample'), /--batch-key "sample" is not a cell annotation \(obs column\)/, /hint: obs columns: cell_type, batch/],
    ['evaluate: a missing model folder', () => ['evaluate', '--model', join(dir, 'nope'), '--data', cells], /--model .*nope does not exist/],
    ['evaluate: a folder without a model', () => ['evaluate', '--model', join(dir, 'empty-model'), '--data', cells], /empty-model holds no model: no model\.json in it or in its model\/ folder/],
    ['resume: nothing to resume', () => ['train', 'omics', '--out', join(dir, 'fresh'), '--resume'], /nothing to resume in .*fresh: it has no run\.json/],
  ];

  it.each(cases)('%s → exit 1 and one message', async (_, argv, message, hint) => {
    const { code, out, err } = await vaekit(argv());
    expect(code).toBe(1);
    expect(err).toMatch(message);
    if (hint) expect(err).toMatch(hint);
    expect(err).not.toMatch(/\n\s+at /);
    expect(out).toBe('');
  });

  it('--verbose and VAEKIT_DEBUG add the stack trace', async () => {
    const verbose = await vaekit(['--verbose', ...train(join(dir, 'negative.csv'))]);
    expect(verbose.code).toBe(1);
    expect(verbose.err).toMatch(/is negative[\s\S]*\n\s+at /);
    const debug = await vaekit(train(join(dir, 'negative.csv')), new FakeIo({ env: { VAEKIT_DEBUG: '1' } }));
    expect(debug.err).toMatch(/\n\s+at /);
  });
});
