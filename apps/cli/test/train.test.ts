// `vaekit train omics` end to end on simulated counts: what it writes, its progress output, resume, Ctrl-C, and tensor hygiene.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrainEvent } from '@vaekit/core';
import { expectNoTensorLeak } from '@vaekit/core/testing';
import { ScviModel, preprocessForTraining, readCounts, writeCsv } from '@vaekit/omics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeSimulatedH5ad } from './helpers/data.js';
import { StopAtSafePoint } from '../src/omics/stop-at-safe-point.js';
import { FakeIo, vaekit } from './helpers/fake-io.js';

let dir: string;
let cleanup: () => Promise<void>;
let cells: string;
const small = ['--n-top-genes', '50', '--latent', '4', '--hidden', '32', '--batch-size', '64', '--kl-warmup', '2'];
const trainArgs = (out: string, ...more: string[]) => ['train', 'omics', '--data', cells, '--out', join(dir, out), ...small, ...more];
const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  cells = join(dir, 'cells.h5ad');
  await writeSimulatedH5ad(cells, { cells: 400, genes: 80, cellTypes: 3, batches: 2, seed: 11 });
});
afterAll(() => cleanup());

describe('vaekit train omics', () => {
  it('trains, prints one line per epoch when stderr is not a terminal, and writes model, checkpoint and run.json', async () => {
    const { code, out, err } = await vaekit(trainArgs('plain', '--epochs', '3', '--batch-key', 'batch', '--seed', '4'));
    expect(code).toBe(0);
    const epochLines = err.split('\n').filter((l) => /^epoch \d\/3 {2}loss [\d.]+ {2}val [\d.]+( \*)? {2}KL weight [\d.]+ {2}\d+ cells\/s/.test(l));
    expect(epochLines.map((l) => l.slice(0, 9))).toEqual(['epoch 1/3', 'epoch 2/3', 'epoch 3/3']);
    expect(err).toMatch(/^data: 400 cells × 80 genes → 400 × 50 after QC and seurat_v3 highly variable genes$/m);
    expect(err).toMatch(/^training 360 cells \(40 validation\), 3 epochs × 6 steps, batch 64, engine wasm, seed 4$/m);
    expect(out).toMatch(/^trained 3 epochs \(18 steps\) in .*: loss [\d.]+, validation loss [\d.]+ \(best [\d.]+ at epoch \d\)\nmodel saved to .*plain\/model\n$/);

    // the model: the flags' architecture, batch-conditioned, on the genes omics' own HVG selection picks
    const model = await ScviModel.load(join(dir, 'plain', 'model'));
    try {
      const expected = preprocessForTraining(await readCounts(cells), { hvg: 50, batchKey: 'batch' }).record.genes;
      expect(model.genes).toEqual(expected);
      expect(model.options).toMatchObject({ likelihood: 'nb', dispersion: 'gene', batchKey: 'batch', latentDim: 4, hidden: [32], seed: 4 });
    } finally {
      model.dispose();
    }
    const manifest = await readJson<{ preprocessing: { hvg: { nTopGenes: number } }; trainingSummary: { epochs: number }; cli: { settings: { epochs: number } } }>(join(dir, 'plain', 'model', 'model.json'));
    expect(manifest.preprocessing.hvg.nTopGenes).toBe(50);
    expect(manifest.trainingSummary.epochs).toBe(3);
    const checkpoint = await readJson<{ training: { epoch: number; step: number } }>(join(dir, 'plain', 'checkpoint', 'model.json'));
    expect(checkpoint.training).toMatchObject({ epoch: 3, step: 18 });
    const run = await readJson<{ settings: Record<string, unknown> }>(join(dir, 'plain', 'run.json'));
    expect(run.settings).toMatchObject({ data: cells, nTopGenes: 50, batchKey: 'batch', epochs: 3, seed: 4, klWarmup: 2, validation: 0.1, earlyStopping: false });
  });

  it('--json prints every training event as one JSON line, then where the model was saved', async () => {
    const { code, out } = await vaekit(trainArgs('json', '--epochs', '2', '--json', '--likelihood', 'zinb'));
    expect(code).toBe(0);
    const events = out.trim().split('\n').map((l) => JSON.parse(l) as TrainEvent | { type: 'saved'; model: string; checkpointEpoch: number });
    const count = (type: string) => events.filter((e) => e.type === type).length;
    const notes = events.filter((e) => (e.type as string) === 'note') as unknown as { message: string }[];
    expect(notes.map((n) => n.message)).toContainEqual(expect.stringMatching(/^data: 400 cells × 80 genes/));
    expect(events.find((e) => (e.type as string) !== 'note')?.type).toBe('start');
    expect([count('batch'), count('epoch'), count('validation'), count('checkpoint'), count('done')]).toEqual([12, 2, 2, 2, 1]);
    expect(events.at(-2)?.type).toBe('done');
    expect(events.at(-1)).toMatchObject({ type: 'saved', model: join(dir, 'json', 'model'), checkpointEpoch: 2 });
  });

  it('draws progress bars with a live loss line when stderr is a terminal', async () => {
    const io = new FakeIo({ tty: true });
    const { code, err } = await vaekit(trainArgs('tty', '--epochs', '2'), io);
    expect(code).toBe(0);
    expect(err).toContain('\u001b['); // cursor movement: redrawn in place
    expect(err).toMatch(/run {3}\S+ 100% \| epoch 2\/2 \| ETA/);
    expect(err).toMatch(/epoch \S+ 6\/6 steps/);
    expect(err).toMatch(/loss [\d.]+ \| val [\d.]+( \*)? \| KL weight 1\.000 \| \d+ cells\/s/);
  });

  it('reads any supported format: a CSV count table', async () => {
    const adata = await readCounts(cells);
    const csv = join(dir, 'counts.csv.gz');
    await writeCsv(csv, { rowNames: adata.obs.names, colNames: adata.var.names, values: Float32Array.from(adata.X.toDense()) });
    // more cells than genes: omics' orientation guess takes the rows for genes, so say it
    const { code, err } = await vaekit(['train', 'omics', '--data', csv, '--orientation', 'cells-by-genes', '--out', join(dir, 'csv'), ...small, '--epochs', '1']);
    expect(code).toBe(0);
    expect(err).toMatch(/^data: 400 cells × 80 genes → 400 × 50/m);
  });

  it('refuses to overwrite a run unless --force, which replaces it', async () => {
    const again = await vaekit(trainArgs('plain', '--epochs', '1'));
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/plain already holds a training run\n {2}hint: add --resume to continue it, --force to replace it/);
    const forced = await vaekit(trainArgs('plain', '--epochs', '1', '--force'));
    expect(forced.code).toBe(0);
    const run = await readJson<{ settings: { epochs: number; batchKey?: string } }>(join(dir, 'plain', 'run.json'));
    expect(run.settings.epochs).toBe(1);
    expect(run.settings.batchKey).toBeUndefined();
  });
});

describe('early stopping', () => {
  it('--early-stopping 1 stops when the validation loss does not improve (lr 1e-12 leaves the weights, and so the loss, unchanged)', async () => {
    const { code, out, err } = await vaekit(trainArgs('early-stop', '--epochs', '10', '--lr', '1e-12', '--early-stopping', '1'));
    expect(code).toBe(0);
    expect(err).toMatch(/^early stopping after epoch 2: no improvement for 1 epochs; best validation loss [\d.]+ at epoch 1$/m);
    expect(out).toMatch(/^stopped early after 2 epochs/);
  });

  it('--early-stopping without a value means a patience of 10', async () => {
    expect((await vaekit(trainArgs('patience', '--epochs', '1', '--early-stopping'))).code).toBe(0);
    const run = await readJson<{ settings: { earlyStopping: number } }>(join(dir, 'patience', 'run.json'));
    expect(run.settings.earlyStopping).toBe(10);
  });
});

describe('a run that diverges', () => {
  it('stops with exit code 1 and says which flags to change', async () => {
    const { code, err } = await vaekit(trainArgs('diverged', '--epochs', '3', '--lr', '1e6'));
    expect(code).toBe(1);
    expect(err).toMatch(/^error: Non-finite (loss|gradient).* at epoch 1, step \d+/m);
    expect(err).toMatch(/^ {2}hint: lower --lr, or add --clip-norm \(e\.g\. 10\)/m);
    expect(existsSync(join(dir, 'diverged', 'model'))).toBe(false);
  });
});

describe('--resume', () => {
  it('continues from the checkpoint exactly: 2 epochs + resume to 4 gives the weights of 4 epochs straight', async () => {
    const straight = await vaekit(trainArgs('straight', '--epochs', '4', '--seed', '5'));
    expect(straight.code).toBe(0);
    const first = await vaekit(trainArgs('resumed', '--epochs', '2', '--seed', '5'));
    expect(first.code).toBe(0);
    const resumed = await vaekit(['train', 'omics', '--out', join(dir, 'resumed'), '--resume', '--epochs', '4']);
    expect(resumed.code).toBe(0);
    expect(resumed.err).toMatch(/resuming after epoch 2 from .*resumed\/checkpoint/);
    expect(resumed.err.match(/^epoch \d\/4/gm)).toEqual(['epoch 3/4', 'epoch 4/4']);
    const a = await readFile(join(dir, 'straight', 'model', 'weights.bin'));
    const b = await readFile(join(dir, 'resumed', 'model', 'weights.bin'));
    expect(b.equals(a)).toBe(true);
  });

  it('may change --epochs but not what shapes the data or the network', async () => {
    const { code, err } = await vaekit(['train', 'omics', '--out', join(dir, 'resumed'), '--resume', '--latent', '6']);
    expect(code).toBe(2);
    expect(err).toMatch(/--latent cannot change when resuming: the run in .* has 4\n {2}hint: drop --latent/);
  });
});

describe('Ctrl-C', () => {
  it('the first stops after the current step, saves the model, names the checkpoint, and exits 130', async () => {
    const io = new FakeIo();
    let pressed = false;
    io.onWrite = (stream, text) => {
      if (stream === 'err' && /epoch +1\//.test(text) && !pressed) {
        pressed = true;
        io.interrupt();
      }
    };
    const { code, out, err } = await vaekit(trainArgs('ctrl-c', '--epochs', '30'), io);
    expect(code).toBe(130);
    expect(out).toBe('');
    expect(err).toMatch(/interrupted: stopping after this step and saving the model \(press Ctrl-C again to quit without saving\)/);
    expect(err).toMatch(/interrupted after 1 epochs/);
    expect(err).toMatch(/model saved to .*ctrl-c\/model/);
    expect(err).toMatch(/last checkpoint: .*ctrl-c\/checkpoint \(epoch 1\); continue with: vaekit train omics --out .*ctrl-c --resume/);
    expect(io.exits).toEqual([]);
    expect(io.listening).toBe(0);
    const checkpoint = await readJson<{ training: { epoch: number } }>(join(dir, 'ctrl-c', 'checkpoint', 'model.json'));
    expect(checkpoint.training.epoch).toBe(1);
    const model = await ScviModel.load(join(dir, 'ctrl-c', 'model'));
    model.dispose();

    const resumed = await vaekit(['train', 'omics', '--out', join(dir, 'ctrl-c'), '--resume', '--epochs', '2']);
    expect(resumed.code).toBe(0);
    expect(resumed.err.match(/^epoch \d\/2/gm)).toEqual(['epoch 2/2']);
  });

  it('the second quits at once with exit code 130', async () => {
    const io = new FakeIo();
    let pressed = false;
    io.onWrite = (stream, text) => {
      if (stream === 'err' && /epoch +1\//.test(text) && !pressed) {
        pressed = true;
        io.interrupt();
        io.interrupt();
      }
    };
    await vaekit(trainArgs('ctrl-c-twice', '--epochs', '30'), io);
    expect(io.exits).toEqual([130]);
    expect(io.err).toMatch(/interrupted again: quitting without saving the model/);
  });

  it('before training starts: nothing is saved', async () => {
    const io = new FakeIo();
    let pressed = false;
    io.onWrite = (stream, text) => {
      if (stream === 'err' && text.includes('data: ') && !pressed) {
        pressed = true;
        io.interrupt();
      }
    };
    const { code, err } = await vaekit(trainArgs('early', '--epochs', '3'), io);
    expect(code).toBe(130);
    expect(err).toMatch(/interrupted: stopping before training starts \(press Ctrl-C again to quit at once\)/);
    expect(err).toMatch(/interrupted before training started: nothing was saved/);
    expect(existsSync(join(dir, 'early', 'model'))).toBe(false);
  });
});

const batchEvent = { type: 'batch' } as TrainEvent;
const epochEvent = { type: 'epoch' } as TrainEvent;
const validationEvent = { type: 'validation' } as TrainEvent;
const checkpointEvent = { type: 'checkpoint' } as TrainEvent;

describe('StopAtSafePoint: when the first Ctrl-C actually stops training', () => {
  it('aborts at once during an epoch', () => {
    const stop = new StopAtSafePoint();
    stop.observe(batchEvent);
    expect(stop.signal.aborted).toBe(false);
    stop.request();
    expect(stop.signal.aborted).toBe(true);
  });

  it('between the end of an epoch and its checkpoint, waits for the checkpoint', () => {
    const stop = new StopAtSafePoint();
    stop.observe(batchEvent);
    stop.observe(epochEvent);
    stop.request();
    expect(stop.signal.aborted).toBe(false);
    stop.observe(validationEvent);
    expect(stop.signal.aborted).toBe(false);
    stop.observe(checkpointEvent);
    expect(stop.signal.aborted).toBe(true);
  });

  it('without a request it never aborts', () => {
    const stop = new StopAtSafePoint();
    for (const e of [batchEvent, epochEvent, validationEvent, checkpointEvent, batchEvent]) stop.observe(e);
    expect(stop.signal.aborted).toBe(false);
  });
});

describe('no tensor leaks', () => {
  // a smaller data set of its own; the engine is chosen by the runs above
  const tinyArgs = ['--n-top-genes', '0', '--latent', '2', '--hidden', '8', '--batch-key', 'batch'];
  let tiny: string;
  beforeAll(async () => {
    tiny = join(dir, 'tiny.h5ad');
    await writeSimulatedH5ad(tiny, { cells: 120, genes: 20, cellTypes: 2, batches: 2, seed: 4 });
    expect((await vaekit(['train', 'omics', '--data', tiny, '--out', join(dir, 'warm'), ...tinyArgs, '--epochs', '1'])).code).toBe(0);
  });

  it('train, evaluate and export', async () => {
    const run = join(dir, 'leak-run');
    await expectNoTensorLeak(async () => expect((await vaekit(['train', 'omics', '--data', tiny, '--out', run, ...tinyArgs, '--epochs', '2'])).code).toBe(0), 'train');
    await expectNoTensorLeak(async () => expect((await vaekit(['train', 'omics', '--out', run, '--resume', '--epochs', '3'])).code).toBe(0), 'train --resume');
    await expectNoTensorLeak(
      async () => expect((await vaekit(['evaluate', '--model', run, '--data', tiny, '--labels-key', 'cell_type', '--batch-key', 'batch', '--mll-samples', '3', '--out', join(dir, 'z.h5ad')])).code).toBe(0),
      'evaluate',
    );
    await expectNoTensorLeak(async () => expect((await vaekit(['export', '--model', run, '--onnx', '--out', join(dir, 'models', 'm'), '--reference', tiny])).code).toBe(0), 'export');
  });

  it('an interrupted, a diverging and a refused run', async () => {
    const io = new FakeIo();
    let pressed = false;
    io.onWrite = (stream, text) => {
      if (stream === 'err' && /epoch +1\//.test(text) && !pressed) {
        pressed = true;
        io.interrupt();
      }
    };
    await expectNoTensorLeak(async () => expect((await vaekit(['train', 'omics', '--data', tiny, '--out', join(dir, 'stopped'), ...tinyArgs, '--epochs', '50'], io)).code).toBe(130), 'interrupted');
    await expectNoTensorLeak(async () => expect((await vaekit(['train', 'omics', '--data', tiny, '--out', join(dir, 'nan'), ...tinyArgs, '--epochs', '3', '--lr', '1e30'])).code).toBe(1), 'diverged');
    await expectNoTensorLeak(async () => expect((await vaekit(['train', 'omics', '--out', join(dir, 'leak-run'), '--resume', '--latent', '5'])).code).toBe(2), 'refused');
    await expectNoTensorLeak(async () => expect((await vaekit(['evaluate', '--model', join(dir, 'leak-run'), '--data', tiny, '--labels-key', 'nope'])).code).toBe(1), 'evaluate refused');
  });
});
