import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
const b = tf.backend();
console.log(Object.keys(b.wasm).filter(k => /asm|mem|HEAP|wasm/i.test(k)).slice(0, 30));
const mem = b.wasm.asm?.memory ?? b.wasm.wasmMemory;
console.log(mem instanceof WebAssembly.Memory, mem?.buffer.byteLength, mem?.buffer === b.wasm.HEAPU8.buffer);
