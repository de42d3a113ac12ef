// The page's handle on the engine worker: typed request/answer pairs over postMessage, and a
// busy signal raised only when an answer takes longer than 150 ms (quick clicks stay calm).
import type { EngineError, Envelope, Op, Reply, RequestOf, Results } from "./protocol.js";

// Replaced at build time by the content-hashed file name of the worker bundle.
declare const __WORKER_URL__: string;

export class EngineFailure extends Error {
  rendered?: string;
  constructor(e: EngineError) {
    super(e.message);
    this.rendered = e.rendered;
  }
}

const BUSY_AFTER_MS = 150;

export class Engine {
  private worker = new Worker(new URL(__WORKER_URL__, document.baseURI), { type: "module" });
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private busyTimer: number | undefined;

  constructor(private onBusy: (busy: boolean) => void) {
    this.worker.onmessage = (e: MessageEvent<Reply>) => {
      const reply = e.data;
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      this.settleBusy();
      if (reply.ok) p.resolve(reply.result);
      else p.reject(new EngineFailure(reply.error));
    };
    this.worker.onerror = (e) => {
      // A worker that fails to start (no WASM, offline without cache) fails every question.
      const err = new EngineFailure({ message: e.message || "the engine worker failed to start" });
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.settleBusy();
    };
  }

  call<K extends Op>(req: RequestOf<K>): Promise<Results[K]> {
    const id = this.nextId++;
    const env = { ...req, id } as Envelope;
    return new Promise<Results[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (this.busyTimer === undefined) {
        this.busyTimer = window.setTimeout(() => this.onBusy(true), BUSY_AFTER_MS);
      }
      this.worker.postMessage(env);
    });
  }

  private settleBusy() {
    if (this.pending.size > 0) return;
    window.clearTimeout(this.busyTimer);
    this.busyTimer = undefined;
    this.onBusy(false);
  }
}
