/**
 * GRU speed: core's Gru (one kernel call for the recurrence and one for its backward through time,
 * f32x4 multiplies) against tfjs-layers' GRU (the recurrence unrolled op by op, autodiff), same
 * weights and sizes, forward + backward of Σ outputs, median of a few repetitions, in the same run.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Gru, ParamStore } from '@vaekit/core';

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn, reps) {
  fn(); // warm-up
  const ms = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

export function runGruSpeed({ batch = 64, steps = 100, features = 30, units = 32, reps = 3 } = {}) {
  const store = new ParamStore('bench-gru', 1);
  const gru = new Gru(store, 'gru', features, units);
  const x = tf.randomNormal([batch, steps, features], 0, 1, 'float32', 2);
  const layer = tfl.layers.gru({ units, returnSequences: true, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform' });
  tf.dispose(layer.apply(x));
  layer.setWeights([gru.kernel, gru.recurrentKernel, gru.bias]);
  const layerVars = layer.trainableWeights.map((w) => w.read());
  const step = (f, vars) => () => {
    const { value, grads } = tf.variableGrads(() => tf.sum(f()), vars);
    tf.dispose([value, ...Object.values(grads)]);
  };
  const fused = time(step(() => gru.apply(x), [gru.kernel, gru.recurrentKernel, gru.bias]), reps);
  const layers = time(step(() => layer.apply(x), layerVars), reps);
  const fusedForward = time(() => tf.dispose(gru.apply(x)), reps);
  const layersForward = time(() => tf.dispose(layer.apply(x)), reps);
  layer.dispose();
  x.dispose();
  store.dispose();
  return {
    shape: { batch, steps, features, units },
    fused: { forwardBackwardMs: fused, forwardMs: fusedForward },
    layers: { forwardBackwardMs: layers, forwardMs: layersForward },
    speedup: { forwardBackward: layers / fused, forward: layersForward / fusedForward },
  };
}
