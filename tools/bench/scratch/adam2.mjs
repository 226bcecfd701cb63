import { adamUpdate, adamAttrs } from '../../../packages/core/dist/nn/fused-adam.js';
const n=550000; const o={learningRate:1e-3,beta1:0.9,beta2:0.999,epsilon:1e-7};
for (const sab of [false, true]) {
  const mk = () => sab ? new Float32Array(new SharedArrayBuffer(n*4)) : new Float32Array(n);
  const w=mk().map(()=>Math.random()), g=mk().map(()=>Math.random()-0.5), m=new Float32Array(n), v=new Float32Array(n);
  for(let i=1;i<6;i++) adamUpdate(w,g,m,v,adamAttrs(o,i));
  let t0=performance.now(); for(let i=0;i<20;i++) adamUpdate(w,g,m,v,adamAttrs(o,i+6)); console.log(sab?'SAB':'plain', 'adam 550k', ((performance.now()-t0)/20).toFixed(2));
}
