// Undo and redo over whole selections: each step is the selection after one user action.
import type { Choice } from "./types.js";

export class History {
  private past: Choice[][] = [];
  private future: Choice[][] = [];
  constructor(public current: Choice[]) {}

  push(next: Choice[]) {
    if (same(next, this.current)) return;
    this.past.push(this.current);
    this.future = [];
    this.current = next;
  }
  undo(): Choice[] | null {
    const prev = this.past.pop();
    if (!prev) return null;
    this.future.push(this.current);
    this.current = prev;
    return prev;
  }
  redo(): Choice[] | null {
    const next = this.future.pop();
    if (!next) return null;
    this.past.push(this.current);
    this.current = next;
    return next;
  }
  /** Steps back after an undo or redo the engine could not answer. */
  canUndo() {
    return this.past.length > 0;
  }
  canRedo() {
    return this.future.length > 0;
  }
}

function same(a: Choice[], b: Choice[]) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
