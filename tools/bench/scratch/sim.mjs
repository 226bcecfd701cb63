import { simulateCounts } from '../src/core/simulate-counts.mjs';
const t0=performance.now(); const d = simulateCounts(); console.log('sim s', (performance.now()-t0)/1000);
let z=0, mx=0, tot=0; for (const v of d.counts){ if(v===0) z++; if (v>mx) mx=v; tot+=v; }
console.log('zero frac', z/d.counts.length, 'max', mx, 'mean lib', tot/d.cells);
const libs = []; for (let c=0;c<d.cells;c++){ let s=0; for(let g=0;g<d.genes;g++) s+=d.counts[c*d.genes+g]; libs.push(s);} libs.sort((a,b)=>a-b); console.log('lib q05 q50 q95', libs[500], libs[5000], libs[9500]);
