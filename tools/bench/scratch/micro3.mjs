const N=512000; const a=new Float32Array(N).map(()=>Math.exp(Math.random()*16-6)); const e=new Float64Array(N);
function T(name,f){ for(let i=0;i<5;i++) f(); const t0=performance.now(); for(let i=0;i<20;i++) f(); console.log(name, ((performance.now()-t0)/20).toFixed(2),'ms'); }
const f32=new Float32Array(1), i32=new Int32Array(f32.buffer);
function flog(v){ f32[0]=v; const bits=i32[0]; let k=(bits>>23)-127; i32[0]=(bits&0x007fffff)|0x3f800000; let m=f32[0]; if (m>1.4142135623730951){ m*=0.5; k+=1; } const s=(m-1)/(m+1); const s2=s*s;
  return 2*s*(1 + s2*(0.3333333333333333 + s2*(0.2 + s2*(0.14285714285714285 + s2*0.1111111111111111)))) + k*0.6931471805599453; }
T('Math.log', ()=>{ for(let i=0;i<N;i++) e[i]=Math.log(a[i]); });
T('flog32', ()=>{ for(let i=0;i<N;i++) e[i]=flog(a[i]); });
let m=0; for(let i=0;i<N;i++){ const r=Math.abs(flog(a[i])-Math.log(a[i])); if(r>m) m=r;} console.log('abs err',m);
