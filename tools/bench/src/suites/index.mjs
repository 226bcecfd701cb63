/** The registered benchmark suites: name → loader of a module exporting `run(options)`. */
export const suites = {
  core: () => import('./core.mjs'),
  omics: () => import('./omics.mjs'),
  multimodal: () => import('./multimodal.mjs'),
  onnx: () => import('./onnx.mjs'),
  sequential: () => import('./sequential.mjs'),
};
