import { gzipSync, strToU8, zipSync, type Zippable } from 'fflate';

/** A small 10x folder's three files (Cell Ranger v3 layout): `counts` is cells × genes. */
export function tenxFiles(counts: number[][], genes: string[], cells: string[]): { matrix: string; features: string; barcodes: string } {
  const entries: string[] = [];
  counts.forEach((row, c) => row.forEach((v, g) => v !== 0 && entries.push(`${g + 1} ${c + 1} ${v}`)));
  return {
    matrix: `%%MatrixMarket matrix coordinate integer general\n%\n${genes.length} ${cells.length} ${entries.length}\n${entries.join('\n')}\n`,
    features: genes.map((g, i) => `ENSG${String(i).padStart(11, '0')}\t${g}\tGene Expression`).join('\n') + '\n',
    barcodes: cells.join('\n') + '\n',
  };
}

/** A zip holding those files under `folder` (gzipped when `gz`), plus any `extra` entries. */
export function tenxZip(files: { matrix: string; features: string; barcodes: string }, folder: string, options: { gz?: boolean; prefix?: string; extra?: Record<string, string> } = {}): Uint8Array {
  const enc = (s: string) => (options.gz ? gzipSync(strToU8(s)) : strToU8(s));
  const ext = options.gz ? '.gz' : '';
  const p = `${folder}${options.prefix ?? ''}`;
  const tree: Zippable = {
    [`${p}matrix.mtx${ext}`]: enc(files.matrix),
    [`${p}features.tsv${ext}`]: enc(files.features),
    [`${p}barcodes.tsv${ext}`]: enc(files.barcodes),
  };
  for (const [name, text] of Object.entries(options.extra ?? {})) tree[name] = strToU8(text);
  return zipSync(tree);
}
