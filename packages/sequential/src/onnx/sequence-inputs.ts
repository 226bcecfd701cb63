import type { NetworkInputs } from '@vaekit/onnx';

/** The per-step covariates c_t [batch, time, C] (continuous columns), declared once per network. */
export function sequenceCovariates(inputs: NetworkInputs, columns: number): string {
  return inputs.declare({
    name: 'covariates',
    dtype: 'float32',
    shape: ['batch', 'time', columns],
    role: 'covariates',
    random: { kind: 'normal', scale: 1 },
    description: 'task covariates c_t per trial and bin, in the model’s column order',
  });
}
