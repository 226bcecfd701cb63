import type { GraphBuilder } from '../graph/graph-builder.js';

/** Clip(logvar, −max, max): core's encoders clamp the log-variance for float32 stability. */
export function lowerClip(g: GraphBuilder, x: string, min: number, max: number, name = 'clip'): string {
  return g.op('Clip', [x, g.floats(`${name}/min`, [min], []), g.floats(`${name}/max`, [max], [])]);
}

/** exp(clip(x, min, max)): a clamped log-parameter (NB log θ, Gaussian log σ) back to its scale. */
export function lowerExpClip(g: GraphBuilder, x: string, min: number, max: number, name = 'exp'): string {
  return g.op('Exp', [lowerClip(g, x, min, max, name)]);
}
