// The demo's tests need no TensorFlow.js engine: the server runs onnxruntime-node only, and the
// model fixture is trained once in test/global-setup.ts. (Shared config requires this file.)
export {};
