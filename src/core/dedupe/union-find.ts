/** Disjoint sets over 0…n−1 with path halving and union by size. */
export interface UnionFind {
  find(i: number): number;
  union(i: number, j: number): number;
  /** Adds one element and returns its index. */
  add(): number;
  readonly size: number;
}

/**
 * Creates a union-find over `n` elements that can grow (the online index adds records).
 *
 * @example
 * const uf = createUnionFind(3); uf.union(0, 2); uf.find(2) === uf.find(0) // true
 */
export function createUnionFind(n: number): UnionFind {
  let parent = new Int32Array(Math.max(16, n));
  let weight = new Int32Array(parent.length);
  let size = n;
  for (let i = 0; i < n; i++) {
    parent[i] = i;
    weight[i] = 1;
  }
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  return {
    find,
    union(i, j) {
      let ri = find(i);
      let rj = find(j);
      if (ri === rj) return ri;
      if ((weight[ri] as number) < (weight[rj] as number)) [ri, rj] = [rj, ri];
      parent[rj] = ri;
      weight[ri] = (weight[ri] as number) + (weight[rj] as number);
      return ri;
    },
    add() {
      if (size === parent.length) {
        const p = new Int32Array(parent.length * 2);
        p.set(parent);
        parent = p;
        const w = new Int32Array(weight.length * 2);
        w.set(weight);
        weight = w;
      }
      parent[size] = size;
      weight[size] = 1;
      return size++;
    },
    get size() {
      return size;
    },
  };
}
