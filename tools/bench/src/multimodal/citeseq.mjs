/**
 * Protein from RNA on CITE-seq (ECCITE PBMC, 500 cells): for each split, 20% of the cells are held out;
 * models see the other 80% (RNA + protein), then predict the held-out cells' protein from their RNA.
 * Metric: Pearson r per protein between predicted and observed log-normalised protein over the held-out
 * cells, median over the 49 proteins. Compared in the same run:
 *  - kNN: k-nearest-neighbour regression on RNA PCA, k by 5-fold CV on the training cells (and, for
 *    reference, the best (PCs, k) of a grid judged on the held-out cells themselves, which flatters it);
 *  - the product-of-experts model trained fully paired, and with 30% of the training cells' protein hidden
 *    (beside kNN on the 70% that keep it);
 *  - optionally the MoPoE fusion.
 */
import { splitIndices } from '@vaekit/core';
import { MultimodalModel } from '@vaekit/multimodal';
import { chooseK, knnRegress, rnaPca } from './knn.mjs';
import { logNormalize, median, proteinCorrelations } from './protein-metrics.mjs';
import { secondsSince } from '../omics/stats.mjs';

const rowsOf = (values, width, rows) => {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(values.subarray(r * width, (r + 1) * width), i * width));
  return out;
};

/** The model of the benchmark: per-modality MLP experts, NB for RNA, the totalVI protein mixture. */
export function modelConfig(genes, proteins, fusion = 'poe', seed = 1) {
  return {
    latentDim: 10,
    modalities: [
      { name: 'rna', featureDim: genes, encoder: { kind: 'mlp', config: { hidden: [128], inputTransform: 'log1p-cp10k' } }, decoder: { kind: 'mlp', config: { hidden: [128] } }, likelihood: { kind: 'nb' } },
      { name: 'protein', featureDim: proteins, encoder: { kind: 'mlp', config: { hidden: [64], inputTransform: 'log1p' } }, decoder: { kind: 'mlp', config: { hidden: [64] } }, likelihood: { kind: 'nb-mixture' } },
    ],
    fusion: { kind: fusion },
    seed,
  };
}

/** Positions (into the training rows) of the cells whose protein is hidden: a seeded random share. */
export function hiddenPositions(trainCount, fraction, splitSeed) {
  return fraction > 0 ? Array.from(splitIndices(trainCount, fraction, 1000 + splitSeed).validation) : [];
}

async function trainAndImpute({ data, rna, train, test, fusion, hidden, trainOptions, imputeSamples, log }) {
  const g = data.rna.X.nCols;
  const p = data.protein.nCols;
  const order = [...train];
  const input = {
    cells: order.map((i) => data.cells[i]),
    modalities: { rna: { x: rowsOf(rna, g, order) }, protein: { x: rowsOf(data.protein.data, p, order), missing: hidden } },
  };
  const model = MultimodalModel.create(modelConfig(g, p, fusion, trainOptions.seed));
  const t0 = performance.now();
  const summary = await model.fit(input, trainOptions);
  const trainSeconds = secondsSince(t0);
  const query = { cells: test.map((i) => data.cells[i]), modalities: { rna: { x: rowsOf(rna, g, test) } } };
  const t1 = performance.now();
  const imputed = model.impute(query, { from: ['rna'], to: 'protein', samples: imputeSamples, seed: 0 });
  const imputeSeconds = secondsSince(t1);
  model.dispose();
  log(`  ${fusion}${hidden.length > 0 ? ` (${hidden.length} of ${order.length} training cells' protein hidden)` : ''}: ${summary.epochs} epochs in ${trainSeconds.toFixed(0)} s, final loss ${summary.finalLoss?.toFixed(1)}`);
  return { prediction: logNormalize(imputed.data, test.length, p), trainSeconds, imputeSeconds, epochs: summary.epochs, finalLoss: summary.finalLoss, hiddenCells: hidden.length, trainCells: order.length };
}

/** Runs every split; returns per-method summaries (median r per split, mean ± sd over splits, per-protein r pooled). */
export async function runCiteseq({ data, splitSeeds, heldoutFraction, trainOptions, imputeSamples, withMopoe, log }) {
  const n = data.cells.length;
  const p = data.protein.nCols;
  const names = data.protein.names;
  const rna = data.rna.X.toDense();
  const observed = logNormalize(data.protein.data, n, p);
  const pcaGrid = [20, 50];
  const kGrid = [5, 10, 15, 20, 30, 50];
  const t0 = performance.now();
  const scoresByPcs = Object.fromEntries(pcaGrid.map((k) => [k, rnaPca(data.rna, k)]));
  const pcaSeconds = secondsSince(t0);
  const methods = { knn: [], knnOracle: [], poe: [], knnHidden30: [], poeHidden30: [], ...(withMopoe ? { mopoe: [] } : {}) };
  const splits = [];
  for (const splitSeed of splitSeeds) {
    const { train, validation } = splitIndices(n, heldoutFraction, splitSeed);
    const trainRows = Array.from(train);
    const testRows = Array.from(validation);
    const truth = rowsOf(observed, p, testRows);
    const trainTargets = rowsOf(observed, p, trainRows);
    const score = (pred, obs, rows) => proteinCorrelations(pred, obs, rows, p, names).medianR;
    log(`split ${splitSeed}: ${trainRows.length} training cells, ${testRows.length} held out`);
    const record = (method, prediction, extra = {}) => {
      const r = proteinCorrelations(prediction, truth, testRows.length, p, names);
      methods[method].push({ splitSeed, medianProteinR: r.medianR, perProtein: r.perProtein, ...extra });
      log(`  ${method}: median r ${r.medianR.toFixed(3)}`);
    };
    // kNN on 50 PCs (scanpy's default), k by cross-validation on the training cells
    const chosen = chooseK(scoresByPcs[50], trainRows, trainTargets, p, kGrid, score);
    record('knn', knnRegress(scoresByPcs[50], trainRows, testRows, trainTargets, p, chosen.k), { pcs: 50, k: chosen.k, cv: chosen.cv });
    let oracle;
    for (const pcs of pcaGrid) {
      for (const k of kGrid) {
        const r = score(knnRegress(scoresByPcs[pcs], trainRows, testRows, trainTargets, p, k), truth, testRows.length);
        if (!oracle || r > oracle.r) oracle = { pcs, k, r };
      }
    }
    record('knnOracle', knnRegress(scoresByPcs[oracle.pcs], trainRows, testRows, trainTargets, p, oracle.k), { pcs: oracle.pcs, k: oracle.k });
    const common = { data, rna, train: trainRows, test: testRows, trainOptions, imputeSamples, log };
    const poe = await trainAndImpute({ ...common, fusion: 'poe', hidden: [] });
    record('poe', poe.prediction, { trainSeconds: poe.trainSeconds, imputeSeconds: poe.imputeSeconds, epochs: poe.epochs, finalLoss: poe.finalLoss });
    // 30% of the training cells' protein hidden: kNN can use only the cells that keep it; PoE also learns from the others' RNA
    const hiddenAt = hiddenPositions(trainRows.length, 0.3, splitSeed);
    const keep = trainRows.map((_, i) => i).filter((i) => !hiddenAt.includes(i));
    const keptRows = keep.map((i) => trainRows[i]);
    const keptTargets = rowsOf(trainTargets, p, keep);
    const chosenHidden = chooseK(scoresByPcs[50], keptRows, keptTargets, p, kGrid, score);
    record('knnHidden30', knnRegress(scoresByPcs[50], keptRows, testRows, keptTargets, p, chosenHidden.k), { pcs: 50, k: chosenHidden.k, trainCells: keptRows.length });
    const hidden = await trainAndImpute({ ...common, fusion: 'poe', hidden: hiddenAt });
    record('poeHidden30', hidden.prediction, { trainSeconds: hidden.trainSeconds, epochs: hidden.epochs, finalLoss: hidden.finalLoss, hiddenCells: hidden.hiddenCells, trainCells: hidden.trainCells });
    if (withMopoe) {
      const mopoe = await trainAndImpute({ ...common, fusion: 'mopoe', hidden: [] });
      record('mopoe', mopoe.prediction, { trainSeconds: mopoe.trainSeconds, epochs: mopoe.epochs, finalLoss: mopoe.finalLoss });
    }
    splits.push({ splitSeed, train: trainRows.length, heldout: testRows.length });
  }
  const summarise = (runs) => {
    const values = runs.map((r) => r.medianProteinR);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
    const perProtein = names.map((name, j) => ({ protein: name, meanR: runs.reduce((s, r) => s + r.perProtein[j].r, 0) / runs.length }));
    return { medianProteinR: mean, medianProteinRSd: sd, perSplit: values, medianOfPooledPerProtein: median(perProtein.map((x) => x.meanR).filter(Number.isFinite)), perProtein, runs: runs.map(({ perProtein: _p, ...rest }) => rest) };
  };
  const out = Object.fromEntries(Object.entries(methods).map(([k, runs]) => [k, summarise(runs)]));
  const poeWins = methods.poe.filter((r, i) => r.medianProteinR > methods.knn[i].medianProteinR).length;
  return {
    data: data.info,
    splits,
    pcaSeconds,
    ...out,
    comparison: {
      poeMinusKnn: out.poe.medianProteinR - out.knn.medianProteinR,
      poeBeatsKnnInSplits: `${poeWins}/${splitSeeds.length}`,
      targetMet: out.poe.medianProteinR > out.knn.medianProteinR,
      hidden30MinusFullyPaired: out.poeHidden30.medianProteinR - out.poe.medianProteinR,
      hidden30PoeMinusKnn: out.poeHidden30.medianProteinR - out.knnHidden30.medianProteinR,
    },
  };
}
