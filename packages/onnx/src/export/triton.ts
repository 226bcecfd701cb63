import { ConfigError } from '@vaekit/core/errors';
import type { ValueSpec } from '../graph/graph-builder.js';

const TRITON_TYPES: Record<ValueSpec['dtype'], string> = { float32: 'TYPE_FP32', int32: 'TYPE_INT32', int64: 'TYPE_INT64' };

/** A Triton model name: letters, digits, '_' and '-' only. */
export function tritonModelName(model: string, network: string): string {
  return `${model}_${network}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

function block(kind: 'input' | 'output', specs: ValueSpec[], model: string): string {
  const entries = specs.map((s) => {
    if (s.shape[0] !== 'batch') throw new ConfigError(`Triton: ${kind} "${s.name}" of ${model} is not batch-first (shape [${s.shape}])`, 'Triton batching needs the batch dimension first');
    const dims = s.shape.slice(1).map((d) => (typeof d === 'number' ? d : -1));
    return `  {\n    name: "${s.name}"\n    data_type: ${TRITON_TYPES[s.dtype]}\n    dims: [ ${dims.join(', ')} ]\n  }`;
  });
  return `${kind} [\n${entries.join(',\n')}\n]`;
}

/**
 * config.pbtxt of one network for Triton's ONNX Runtime backend: max_batch_size > 0 (so `dims`
 * leave out the batch dimension; other symbolic dimensions are −1) and dynamic batching on.
 */
export function tritonConfig(name: string, inputs: ValueSpec[], outputs: ValueSpec[], maxBatchSize: number): string {
  if (!(Number.isInteger(maxBatchSize) && maxBatchSize > 0)) throw new ConfigError(`Triton: maxBatchSize must be a positive integer, got ${maxBatchSize}`);
  return [`name: "${name}"`, 'platform: "onnxruntime_onnx"', `max_batch_size: ${maxBatchSize}`, block('input', inputs, name), block('output', outputs, name), 'dynamic_batching { }', ''].join('\n');
}
