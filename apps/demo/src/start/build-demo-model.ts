import { join } from 'node:path';
import { ScviModel, pearsonResidualScores, writeH5ad, type CountMatrix } from '@vaekit/omics';
import { exportModel } from '@vaekit/onnx';
import type { OnnxManifest } from '@vaekit/onnx/runtime';
import type { TrainEvent } from '@vaekit/core';
import { calibrationFromScores } from '../analysis/anomaly.js';
import { simulateDemoData, type DemoData, type DemoDataOptions } from './demo-data.js';

/** The demo model: simulated data, model size and training length. */
export interface DemoModelOptions extends DemoDataOptions {
  name: string;
  latentDim: number;
  hidden: number[];
  epochs: number;
  learningRate?: number;
  /** Called on every training event (progress lines). */
  onEvent?: (event: TrainEvent) => void;
  /** Called with the trained model and its data before the model is disposed (tests take reference values from it). */
  onTrained?: (model: ScviModel, data: DemoData) => void | Promise<void>;
}

export interface DemoModel {
  dir: string;
  manifest: OnnxManifest;
  /** The bundled example (.h5ad with obs cell_type and batch). */
  exampleFile: string;
  example: CountMatrix;
  trainSeconds: number;
  exportSeconds: number;
}

/**
 * Simulates counts, trains an scVI-style NB model with a batch covariate (TensorFlow.js), fits
 * the anomaly calibration on held-out reference cells (omics' Pearson-residual scores → reference
 * statistics in manifest.metadata.anomaly), exports encoder + decoder to ONNX in
 * `<modelsDir>/<name>` (parity-checked by @vaekit/onnx), and bundles the example cells as
 * `example.h5ad` beside the export.
 */
export async function buildDemoModel(modelsDir: string, o: DemoModelOptions): Promise<DemoModel> {
  const data = simulateDemoData(o);
  const model = ScviModel.create(data.train, { batchKey: 'batch', likelihood: 'nb', latentDim: o.latentDim, hidden: o.hidden, seed: o.seed });
  model.warn = () => undefined;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    model
      .train(data.train, { epochs: o.epochs, batchSize: 128, learningRate: o.learningRate ?? 3e-3, validationFraction: 0, seed: o.seed, klSchedule: { kind: 'linear', warmupEpochs: Math.max(1, Math.floor(o.epochs / 3)) } })
      .subscribe({ next: (e) => o.onEvent?.(e), error: reject, complete: resolve });
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  try {
    const t1 = performance.now();
    const anomaly = calibrationFromScores(pearsonResidualScores(model, data.reference).score, 0.05);
    const dir = join(modelsDir, o.name);
    const manifest = await exportModel(model.vae, dir, {
      name: o.name,
      metadata: {
        description: `scVI-style NB model of ${data.train.X.nRows} simulated cells × ${data.genes.length} genes (${o.cellTypes} cell types, ${o.batches} batches), latent ${o.latentDim}`,
        anomaly: { ...anomaly, score: 'mean squared Pearson residual', referenceCells: data.reference.X.nRows },
        medianLibrarySize: data.medianLibrarySize,
        training: { epochs: o.epochs, cells: data.train.X.nRows, seconds: Math.round(trainSeconds * 10) / 10 },
      },
    });
    const exampleFile = join(dir, 'example.h5ad');
    await writeH5ad(exampleFile, data.example);
    await o.onTrained?.(model, data);
    return { dir, manifest, exampleFile, example: data.example, trainSeconds, exportSeconds: (performance.now() - t1) / 1000 };
  } finally {
    model.dispose();
  }
}
