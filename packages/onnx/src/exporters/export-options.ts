/** Options of exportModel. */
export interface ExportOptions {
  /** Model name (also the Triton model-name prefix). Default: the directory's name. */
  name?: string;
  /** Names of the input features (genes, neurons), written to the manifest. Default: the model's own featureNames. */
  featureNames?: string[];
  /** Categorical covariates in one-hot column order. Default: the model's covariates; when given, they must match it. */
  covariates?: { name: string; categories: string[] }[];
  /** Free-form JSON copied to manifest.metadata (anomaly calibration, labels, …). */
  metadata?: Record<string, unknown>;
  /** Also write a Triton model repository: `true` for `<dir>/triton`, or a folder and the max batch size (default 1024). */
  triton?: boolean | { dir?: string; maxBatchSize?: number };
  /** Parity tolerance: every output must satisfy |onnx − tfjs| ≤ tolerance · max(1, |tfjs|). Default 1e-4. */
  tolerance?: number;
  /** Random rows drawn for the parity check (default 64; a single-row run is checked too). */
  paritySamples?: number;
  /** Seed of the parity check's random inputs (default 0). */
  paritySeed?: number;
}
