// The Hungarian algorithm (Kuhn–Munkres with potentials and shortest augmenting paths, O(n³)),
// written here rather than taken from npm: the `munkres`/`munkres-js` packages work on one plain
// number matrix and say nothing of forbidden pairs, while lesion matching needs "leave it unpaired"
// as a priced choice beside every real pair; 50 lines that a test checks against brute force over
// every permutation are easier to trust than a dependency whose handling of large costs is unstated.

/**
 * The assignment of rows to columns of a square cost matrix that minimises the total cost: entry r
 * of the result is the column given to row r. Costs must be finite.
 */
export function minimumCostAssignment(cost: readonly (readonly number[])[]): number[] {
  const n = cost.length;
  for (const row of cost)
    if (row.length !== n || row.some((c) => !Number.isFinite(c)))
      throw new RangeError('minimumCostAssignment needs a square matrix of finite costs');
  // 1-based: column 0 and row 0 are the algorithm's sentinel.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOfColumn = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let row = 1; row <= n; row++) {
    rowOfColumn[0] = row;
    let column0 = 0;
    const minimum = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Uint8Array(n + 1);
    do {
      used[column0] = 1;
      const row0 = rowOfColumn[column0] as number;
      let delta = Number.POSITIVE_INFINITY;
      let column1 = 0;
      for (let column = 1; column <= n; column++) {
        if (used[column]) continue;
        const reduced =
          ((cost[row0 - 1] as readonly number[])[column - 1] as number) -
          (u[row0] as number) -
          (v[column] as number);
        if (reduced < (minimum[column] as number)) {
          minimum[column] = reduced;
          way[column] = column0;
        }
        if ((minimum[column] as number) < delta) {
          delta = minimum[column] as number;
          column1 = column;
        }
      }
      for (let column = 0; column <= n; column++) {
        if (used[column]) {
          const r = rowOfColumn[column] as number;
          u[r] = (u[r] as number) + delta;
          v[column] = (v[column] as number) - delta;
        } else minimum[column] = (minimum[column] as number) - delta;
      }
      column0 = column1;
    } while (rowOfColumn[column0] !== 0);
    do {
      const column1 = way[column0] as number;
      rowOfColumn[column0] = rowOfColumn[column1] as number;
      column0 = column1;
    } while (column0 !== 0);
  }
  const columnOfRow = new Array<number>(n).fill(-1);
  for (let column = 1; column <= n; column++) columnOfRow[(rowOfColumn[column] as number) - 1] = column - 1;
  return columnOfRow;
}
