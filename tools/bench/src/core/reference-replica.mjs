/**
 * The reference model as a data-parallel replica (what each worker of DataParallelTrainer builds):
 * the same buildReferenceModel, fused implementation, same seed in every worker.
 */
import { buildReferenceModel } from './reference-model.mjs';

/** ReplicaFactory for DataParallelTrainer: config = { genes, seed }. */
export function createReplica(config) {
  const model = buildReferenceModel({ genes: config.genes, impl: 'fused', seed: config.seed ?? 1 });
  return {
    variables: () => model.variables,
    loss: (batch, seed) => model.loss(batch.x, seed),
    dispose: () => model.dispose(),
  };
}
