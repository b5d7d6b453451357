/**
 * A max-heap of voxels keyed by value, ties broken by the lower voxel index so that flooding is
 * deterministic. Typed arrays that double when full: no per-voxel objects. Internal to this room.
 */
export class VoxelHeap {
  private values: Float64Array;
  private indices: Int32Array;
  private length = 0;

  constructor(capacity = 1024) {
    this.values = new Float64Array(Math.max(16, capacity));
    this.indices = new Int32Array(Math.max(16, capacity));
  }

  get size(): number {
    return this.length;
  }

  private above(a: number, b: number): boolean {
    const va = this.values[a] as number;
    const vb = this.values[b] as number;
    return va > vb || (va === vb && (this.indices[a] as number) < (this.indices[b] as number));
  }

  private swap(a: number, b: number): void {
    const v = this.values[a] as number;
    this.values[a] = this.values[b] as number;
    this.values[b] = v;
    const i = this.indices[a] as number;
    this.indices[a] = this.indices[b] as number;
    this.indices[b] = i;
  }

  push(index: number, value: number): void {
    if (this.length === this.values.length) {
      const values = new Float64Array(this.length * 2);
      values.set(this.values);
      this.values = values;
      const indices = new Int32Array(this.length * 2);
      indices.set(this.indices);
      this.indices = indices;
    }
    let at = this.length++;
    this.values[at] = value;
    this.indices[at] = index;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.above(at, parent)) break;
      this.swap(at, parent);
      at = parent;
    }
  }

  /** Removes the top voxel and returns its index (−1 when empty). */
  pop(): number {
    if (this.length === 0) return -1;
    const top = this.indices[0] as number;
    this.length--;
    if (this.length > 0) {
      this.values[0] = this.values[this.length] as number;
      this.indices[0] = this.indices[this.length] as number;
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        if (left >= this.length) break;
        const right = left + 1;
        const child = right < this.length && this.above(right, left) ? right : left;
        if (!this.above(child, at)) break;
        this.swap(child, at);
        at = child;
      }
    }
    return top;
  }
}
