import { adamUpdate, adamAttrs } from '../../../packages/core/dist/nn/fused-adam.js';
const n=512000; const w=new Float32Array(n).map(()=>Math.random()), g=new Float32Array(n).map(()=>Math.random()-0.5), m=new Float32Array(n), v=new Float32Array(n);
const outs=[new Float32Array(n),new Float32Array(n),new Float32Array(n)];
const o={learningRate:1e-3,beta1:0.9,beta2:0.999,epsilon:1e-7};
for(let i=1;i<6;i++) adamUpdate(w,g,m,v,adamAttrs(o,i),outs);
let t0=performance.now(); for(let i=0;i<20;i++) adamUpdate(w,g,m,v,adamAttrs(o,i+6),outs); console.log('adam 512k', ((performance.now()-t0)/20).toFixed(2));
function adam2(w,g,m,v,lr,b1,b2,eps,c1,c2,wo,mo,vo){ const a1=1-b1, a2=1-b2, lrc=lr*c1; for(let i=0;i<w.length;i++){ const gi=g[i]; const mi=b1*m[i]+a1*gi; const vi=b2*v[i]+a2*gi*gi; mo[i]=mi; vo[i]=vi; wo[i]=w[i]-lrc*mi/(Math.sqrt(vi*c2)+eps);} }
for(let i=1;i<6;i++) adam2(w,g,m,v,1e-3,.9,.999,1e-7,1.1,1.2,...outs);
t0=performance.now(); for(let i=0;i<20;i++) adam2(w,g,m,v,1e-3,.9,.999,1e-7,1.1,1.2,...outs); console.log('adam2 512k', ((performance.now()-t0)/20).toFixed(2));
