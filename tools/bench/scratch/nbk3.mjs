import { NB_SOFTMAX_KERNEL } from './k3.mjs';
import { simulateCounts } from '../src/core/simulate-counts.mjs';
const B=256,G=2000; const d = simulateCounts({cells:B});
const logits = new Float32Array(B*G).map(()=>Math.random()*2-1), logLib=new Float32Array(B).fill(Math.log(3000)), lt=new Float32Array(G).map(()=>Math.random());
const outs=[new Float32Array(B),new Float32Array(B*G),new Float32Array(B*G)];
for (const wg of [false]) { for(let i=0;i<5;i++) NB_SOFTMAX_KERNEL.run([logits,d.counts,logLib,lt], outs, [[B,G],[B,G],[B],[G]], {withGrad:wg});
 const t0=performance.now(); for(let i=0;i<20;i++) NB_SOFTMAX_KERNEL.run([logits,d.counts,logLib,lt], outs, [[B,G],[B,G],[B],[G]], {withGrad:wg}); console.log('withGrad',wg, ((performance.now()-t0)/20).toFixed(2),'ms'); }
