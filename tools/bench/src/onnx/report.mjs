/** The markdown table of results/onnx.json. */
const ms = (r) => (r ? `${r.medianMs.toFixed(3)} (${r.p10Ms.toFixed(3)}–${r.p90Ms.toFixed(3)})` : '—');
const x = (v) => (v === undefined ? '—' : `${v.toFixed(2)}×`);

export function onnxMarkdown(json, demoMarkdown) {
  const { ort, ortSession, ort1Thread, tfjs, ratios, machine, config } = json;
  const lines = [
    '# onnx benchmark: encoder inference latency, ONNX Runtime vs TensorFlow.js',
    '',
    `Generated ${json.timestamp} by \`${json.command}\` in ${json.durationSeconds.toFixed(0)} s.`,
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}; onnxruntime-node ${json.versions.onnxruntimeNode} (CPU provider, ${config.ortThreads}); tfjs ${json.versions.tfjsCore} on the ${json.backend} backend (one thread).`,
    json.otherLoad === undefined ? '' : `Other processes used ${json.otherLoad.toFixed(2)} cores on average during the run (2-core machine; above ~0.2 the timings are contended).`,
    '',
    `Model: the reference encoder of FACTS.md — log1p(x) → 256 → 128 → 32 (mean, log-variance), ReLU — from a core VAE exported by @vaekit/onnx (parity max error ${json.parity.encoder.mean.toExponential(1)} on the mean, ${json.parity.encoder.logvar.toExponential(1)} on the log-variance). Inputs: simulated counts, 2000 genes. Each call goes from a Float32Array of counts to Float32Arrays of means (tfjs: tensor2d → vae.embed → data(); ONNX: OnnxVae.embed, which also validates every input value).`,
    `Median ms per call (p10–p90) over ${config.reps.batch1} calls at batch 1 and ${config.reps.batch1024} at batch 1024, after ${config.warmup} warm-up calls.`,
    '',
    '| runner | batch 1 (ms) | batch 1024 (ms) | batch 1024 cells/s |',
    '|---|---|---|---|',
    `| TensorFlow.js wasm, \`vae.embed\` (baseline) | ${ms(tfjs.batch1)} | ${ms(tfjs.batch1024)} | ${Math.round(1024 / (tfjs.batch1024Ms / 1000))} |`,
    `| ONNX Runtime, \`OnnxVae.embed\` (default threads) | ${ms(ort.batch1)} | ${ms(ort.batch1024)} | ${Math.round(1024 / (ort.batch1024Ms / 1000))} |`,
    `| ONNX Runtime, bare \`session.run\` (default threads) | ${ms(ortSession.batch1)} | ${ms(ortSession.batch1024)} | ${Math.round(1024 / (ortSession.batch1024Ms / 1000))} |`,
    `| ONNX Runtime, \`OnnxVae.embed\`, 1 thread | ${ms(ort1Thread.batch1)} | ${ms(ort1Thread.batch1024)} | ${Math.round(1024 / (ort1Thread.batch1024Ms / 1000))} |`,
    '',
    `Speed-up of ONNX Runtime over TensorFlow.js (tfjs ms / ort ms, same run): batch 1 ${x(ratios.batch1)}, batch 1024 ${x(ratios.batch1024)}; one ORT thread against tfjs's one thread: batch 1 ${x(ratios.oneThreadBatch1)}, batch 1024 ${x(ratios.oneThreadBatch1024)}.`,
    '',
    '## Demo server load',
    '',
    demoMarkdown ?? `\`\`\`json\n${JSON.stringify(json.demo, null, 2)}\n\`\`\``,
    '',
    '## Notes',
    '',
    ...json.notes.map((n) => `- ${n}`),
    '',
  ];
  return lines.join('\n');
}
