/**
 * tfjs-core registers no gradients by itself (the @tensorflow/tfjs umbrella does it); without them
 * every tf.variableGrads call fails with "gradient function not found". tfjs-layers registers all
 * of core's gradients when imported, in its Node (CJS) build and its ESM build alike, so importing
 * it here makes training work whoever else has or has not done so. Idempotent.
 */
import '@tensorflow/tfjs-layers';
