/**
 * An append-only list that forgets from the front: a queue whose head moves instead of shifting the
 * array (shift() on a 100,000-event list copies it on every drop).
 */
export class EventLog<T> {
  #items: T[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  /** The oldest item, or undefined when empty. */
  peek(): T | undefined {
    return this.#items[this.#head];
  }

  /** Forgets the oldest item; the array is compacted once half of it is forgotten. */
  shift(): T | undefined {
    const item = this.#items[this.#head];
    if (item === undefined) return undefined;
    this.#items[this.#head++] = undefined as T;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
  }

  /** Items, newest first. */
  *newestFirst(): Generator<T> {
    for (let i = this.#items.length - 1; i >= this.#head; i--) yield this.#items[i] as T;
  }
}
