import { Registry, type Registered } from '@vaekit/core';
import { denseLowering, lowerActivation, type GraphBuilder } from '@vaekit/onnx';
import type { LinearTransition } from '../plugins/linear-transition.js';
import type { MlpTransition } from '../plugins/mlp-transition.js';
import type { Transition } from '../plugins/transition.js';

/** Lowers one transition kind: z [batch, D] → f(z) [batch, D]. */
export interface TransitionLowering extends Registered {
  readonly kind: string;
  lower(transition: Transition, g: GraphBuilder, z: string): string;
}

/** Transition lowerings by transition kind (the 'transition' network of a sequential-vae export). */
export const transitionLowerings = new Registry<TransitionLowering>('transition lowering');

transitionLowerings.register({
  kind: 'linear',
  lower(t, g, z) {
    const lin = t as LinearTransition;
    return denseLowering.lower(g, z, { kernel: lin.matrix, bias: lin.offset }, { name: 'transition' });
  },
});

transitionLowerings.register({
  kind: 'mlp',
  lower(t, g, z) {
    const mlp = t as MlpTransition;
    let h = z;
    mlp.layers.forEach((layer, i) => {
      const last = i === mlp.layers.length - 1;
      const relu = !last && mlp.config.activation === 'relu';
      h = denseLowering.lower(g, h, layer, { name: `transition/layer${i}`, activation: relu ? 'relu' : 'linear' });
      if (!last && !relu) h = lowerActivation(g, h, mlp.config.activation);
    });
    return mlp.config.residual ? g.op('Add', [z, h]) : h;
  },
});
