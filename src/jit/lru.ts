/**
 * A small least-recently-used map, so caches stay bounded however many signatures appear:
 * by entry count, and optionally by a total weight (bytes held), always keeping the
 * newest entry.
 */
export class LRU<K, V> {
  private readonly map = new Map<K, V>();
  private total = 0;
  constructor(
    readonly capacity: number,
    private readonly bound?: { readonly maxWeight: number; readonly weight: (v: V) => number },
  ) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.remove(key);
    this.map.set(key, value);
    this.total += this.bound?.weight(value) ?? 0;
    while (this.map.size > this.capacity || (this.bound && this.total > this.bound.maxWeight && this.map.size > 1)) {
      this.remove(this.map.keys().next().value as K);
    }
  }

  private remove(key: K): void {
    const v = this.map.get(key);
    if (v === undefined) return;
    this.map.delete(key);
    this.total -= this.bound?.weight(v) ?? 0;
  }

  /** The total weight held (0 without a weight bound). */
  get weight(): number {
    return this.total;
  }

  get size(): number {
    return this.map.size;
  }
}
