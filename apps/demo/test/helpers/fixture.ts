import { inject } from 'vitest';

/** What test/global-setup.ts made: a models folder with a trained export and broken ones. */
export interface DemoFixture {
  root: string;
  modelsDir: string;
  /** The trained model's name (NB, batch covariate, calibration, example.h5ad). */
  model: string;
  /** A copy with a corrupted decoder.onnx (sha256 mismatch). */
  brokenSha: string;
  /** A copy whose decoder.onnx is garbage but whose manifest records its sha256 (onnxruntime cannot load it). */
  brokenOnnx: string;
  /** A folder with a manifest that is not JSON. */
  brokenManifest: string;
  /** The example cells as a CSV (cells × genes, no batch column), and their names. */
  exampleCsv: string;
  exampleCells: string[];
  /** Example cells whose counts were shuffled across genes (known anomalies). */
  anomalyCells: string[];
  genes: string[];
  latentDim: number;
  /** The trained TensorFlow.js model's answers for the example cells: latent means (cells × latentDim) and anomaly scores. */
  reference: { latent: number[]; scores: number[] };
  /** Debian chromium, or why it is missing. */
  chromium: { path: string } | { missing: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoFixture: DemoFixture;
  }
}

export function demoFixture(): DemoFixture {
  return inject('demoFixture');
}
