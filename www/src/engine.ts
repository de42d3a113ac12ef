// The page's handle on an engine worker: typed request/answer pairs over postMessage, and a
// busy signal raised only when an answer takes longer than 150 ms (quick clicks stay calm).
// The page runs two: one answers clicks; the other (`background`) counts configurations and
// finds alternatives, which may take seconds on a big catalog and must never delay a click.
// A background engine sends one request at a time and keeps only the latest waiting request
// per kind: an older count is worthless once the selection has changed.
import type { EngineError, Envelope, Op, Reply, RequestOf, Results } from "./protocol.js";

// Replaced at build time by the content-hashed file name of the worker bundle.
declare const __WORKER_URL__: string;

export class EngineFailure extends Error {
  rendered?: string;
  diagnostics?: EngineError["diagnostics"];
  constructor(e: EngineError) {
    super(e.message);
    this.rendered = e.rendered;
    this.diagnostics = e.diagnostics;
  }
}

const BUSY_AFTER_MS = 150;

/** A background request replaced by a newer one of the same kind before it was sent. */
export class Superseded extends Error {
  constructor() {
    super("superseded");
  }
}

export class Engine {
  private worker = new Worker(new URL(__WORKER_URL__, document.baseURI), { type: "module" });
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private busyTimer: number | undefined;

  private waiting = new Map<string, Envelope>();

  /** Stops the worker (its catalog and any question in flight). */
  terminate() {
    this.worker.terminate();
  }

  constructor(
    private onBusy: (busy: boolean) => void,
    private background = false,
  ) {
    this.worker.onmessage = (e: MessageEvent<Reply>) => {
      const reply = e.data;
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      this.settleBusy();
      if (reply.ok) p.resolve(reply.result);
      else p.reject(new EngineFailure(reply.error));
      this.sendNext();
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
      if (this.background && req.op !== "load") {
        const old = this.waiting.get(req.op);
        if (old) {
          this.pending.get(old.id)?.reject(new Superseded());
          this.pending.delete(old.id);
        }
        this.waiting.set(req.op, env);
        this.sendNext();
        return;
      }
      if (this.busyTimer === undefined) {
        this.busyTimer = window.setTimeout(() => this.onBusy(true), BUSY_AFTER_MS);
      }
      this.worker.postMessage(env);
    });
  }

  private sendNext() {
    if (!this.background) return;
    // The worker is idle when every pending request is still waiting here.
    if (this.pending.size > this.waiting.size) return;
    const first = this.waiting.entries().next();
    if (first.done) return;
    const [op, env] = first.value;
    this.waiting.delete(op);
    this.worker.postMessage(env);
  }

  private settleBusy() {
    if (this.background || this.pending.size > 0) return;
    window.clearTimeout(this.busyTimer);
    this.busyTimer = undefined;
    this.onBusy(false);
  }
}
