/**
 * The one-dimensional k-d tree of Cleveland's loess (netlib `ehg126` + `ehg124`), on which its
 * default `surface = 'interpolate'` evaluates the fit: the bounding box of x widened by 0.5 % on
 * each side is split at the median point (ties moved to the nearest value change, as in the
 * 2006 fix that R and scikit-misc carry) until a cell holds at most `fc` points, or the tree
 * reaches its size limit (max(200, n) cells and vertices).
 */
export interface LoessKdTree {
  /** Vertex coordinates (cell boundaries), in creation order. */
  vertices: number[];
  /** Per cell: split value, or NaN for a leaf. */
  split: number[];
  /** Per cell: index of the left and right child (−1 for a leaf). */
  lower: number[];
  upper: number[];
  /** Per cell: index into `vertices` of its left and right boundary. */
  left: number[];
  right: number[];
}

/** Builds the tree on sorted x values `xs` with at most `fc` points per leaf. */
export function buildLoessKdTree(xs: Float64Array, fc: number): LoessKdTree {
  const n = xs.length;
  const alpha = xs[0];
  const beta = xs[n - 1];
  const mu = 0.005 * Math.max(beta - alpha, 1e-10 * Math.max(Math.abs(alpha), Math.abs(beta)) + 1e-30);
  const nvmax = Math.max(200, n);
  const ncmax = nvmax;
  const tree: LoessKdTree = { vertices: [alpha - mu, beta + mu], split: [NaN], lower: [-1], upper: [-1], left: [0], right: [1] };
  // Point range [l, u] (inclusive, positions in sorted order) of each cell.
  const from = [0];
  const to = [n - 1];
  for (let p = 0; p < tree.split.length; p++) {
    const l = from[p];
    const u = to[p];
    const nc = tree.split.length;
    const nv = tree.vertices.length;
    const diam = tree.vertices[tree.right[p]] - tree.vertices[tree.left[p]];
    let leaf = u - l + 1 <= fc || diam <= 0 || ncmax < nc + 2 || nvmax < nv + 1;
    let m = Math.floor((l + u) / 2);
    if (!leaf) {
      // Move the split to the nearest position where the value changes (right first, then left).
      let offset = 0;
      while (m + offset < u && m + offset >= l) {
        if (xs[m + offset] === xs[m + offset + 1]) {
          offset = -offset;
          if (offset >= 0) offset++;
        } else {
          m += offset;
          break;
        }
      }
      leaf = tree.vertices[tree.left[p]] === xs[m] || tree.vertices[tree.right[p]] === xs[m];
    }
    if (leaf) continue;
    const t = xs[m];
    let v = tree.vertices.indexOf(t);
    if (v === -1) {
      v = tree.vertices.length;
      tree.vertices.push(t);
    }
    tree.split[p] = t;
    tree.lower[p] = nc;
    tree.upper[p] = nc + 1;
    tree.split.push(NaN, NaN);
    tree.lower.push(-1, -1);
    tree.upper.push(-1, -1);
    tree.left.push(tree.left[p], v);
    tree.right.push(v, tree.right[p]);
    from.push(l, m + 1);
    to.push(m, u);
  }
  return tree;
}

/** Index of the leaf cell that contains z (a point on a split goes to the lower cell). */
export function findLeaf(tree: LoessKdTree, z: number): number {
  let j = 0;
  while (tree.lower[j] !== -1) j = z <= tree.split[j] ? tree.lower[j] : tree.upper[j];
  return j;
}
