/**
 * ONNX export of @vaekit/sequential models through @vaekit/onnx: importing this module registers the
 * 'bigru' encoder and 'readout' decoder lowerings, the transition lowerings, the 'markov-gaussian'
 * prior export and the 'sequential-vae' model exporter. Then `exportModel(model, dir)` from
 * @vaekit/onnx writes encoder.onnx, decoder.onnx and transition.onnx with a parity check.
 */
export { biGruLowering } from './bigru-lowering.js';
export { readoutLowering } from './readout-lowering.js';
export { transitionLowerings } from './transition-lowering.js';
export type { TransitionLowering } from './transition-lowering.js';
export { sequentialVaeExporter } from './exporter.js';
