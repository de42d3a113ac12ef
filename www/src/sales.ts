// The sales view (issue 11): sales users sign in with their token, list and search quotes,
// open one with its revisions and status history, make a revision (selection, discount),
// move it along its lifecycle, approve discounts (managers) and export it (printable page,
// CSV, JSON, order). Every price comes from the server; this page only shows and asks.
import { h } from "./dom";

const TOKEN_KEY = "tailor-sales-token";
const root = document.getElementById("sales")!;
const announcer = document.getElementById("announcer")!;

type Totals = { currency: string; once: string; monthly: string };
type Summary = { id: string; catalog_id: string; customer: { name?: string }; created_at: string; status: string; revisions: number; valid_until: string; totals: Totals };
type Revision = { number: number; created_at: string; created_by: string; selection: string[]; discount: { once: string; monthly: string }; approval: string; approved_by: string | null; valid_until: string; quote: { totals: Totals } };
type Quote = { id: string; catalog_id: string; customer: { name?: string; email?: string }; status: string; revisions: Revision[]; statuses: { status: string; at: string; by: string }[] };

const say = (text: string) => (announcer.textContent = text);
const token = () => sessionStorage.getItem(TOKEN_KEY) ?? "";

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${token()}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    signIn("That token was not accepted.");
    throw new Error("signed out");
  }
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json?.error?.message ?? `HTTP ${res.status}`);
  return json as T;
}

function show(...children: (Node | string | null)[]) {
  root.replaceChildren(...children.filter((c): c is Node | string => c !== null));
}

function errorLine(err: unknown): HTMLElement {
  return h("p", { class: "error", role: "alert" }, String((err as Error)?.message ?? err));
}

function signIn(problem?: string) {
  const input = h("input", { id: "token", type: "password", autocomplete: "current-password", required: true });
  const form = h(
    "form",
    { class: "card sign-in", onsubmit: (e: Event) => {
      e.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      void list("");
    } },
    h("h1", {}, "Sign in"),
    problem ? h("p", { class: "error", role: "alert" }, problem) : null,
    h("p", { class: "field" }, h("label", { for: "token" }, "Sales token"), input),
    h("button", { type: "submit", class: "primary" }, "Sign in"),
  );
  show(form);
  input.focus();
}

async function list(search: string) {
  let quotes: Summary[];
  try {
    quotes = (await api<{ quotes: Summary[] }>(`/api/quotes${search ? `?q=${encodeURIComponent(search)}` : ""}`)).quotes;
  } catch (err) {
    if ((err as Error).message !== "signed out") show(errorLine(err));
    return;
  }
  const box = h("input", { id: "search", type: "search", value: search, placeholder: "Customer, catalog or id" });
  const form = h("form", { role: "search", class: "toolbar", onsubmit: (e: Event) => {
    e.preventDefault();
    void list(box.value.trim());
  } }, h("label", { for: "search" }, "Search quotes"), box, h("button", { type: "submit" }, "Search"));
  const rows = quotes.map((q) =>
    h("tr", {},
      h("td", {}, h("a", { href: `#quote=${q.id}`, class: "quote-link" }, q.customer?.name || "(no name)")),
      h("td", {}, q.catalog_id),
      h("td", {}, h("span", { class: `status status-${q.status}` }, q.status)),
      h("td", { class: "n" }, String(q.revisions)),
      h("td", {}, q.valid_until),
      h("td", { class: "n" }, `${q.totals?.once ?? ""} ${q.totals?.currency ?? ""}`),
      h("td", { class: "n" }, `${q.totals?.monthly ?? ""} ${q.totals?.currency ?? ""}`),
      h("td", {}, h("code", {}, q.id.slice(0, 8))),
    ),
  );
  show(
    h("h1", {}, "Quotes"),
    form,
    h("div", { class: "table-scroll" }, h("table", { class: "quotes" },
      h("caption", {}, `${quotes.length} quote${quotes.length === 1 ? "" : "s"}${search ? ` matching “${search}”` : ""}, newest first`),
      h("thead", {}, h("tr", {}, ...["Customer", "Catalog", "Status", "Revisions", "Valid until", "Once", "Monthly", "Id"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...rows),
    )),
  );
  say(`${quotes.length} quotes`);
}

const NEXT: Record<string, string[]> = { draft: ["sent", "withdrawn"], sent: ["accepted", "withdrawn", "draft"], withdrawn: ["draft"], expired: ["withdrawn"], accepted: [] };

async function open(id: string) {
  let q: Quote;
  try {
    q = await api<Quote>(`/api/quotes/${id}`);
  } catch (err) {
    if ((err as Error).message !== "signed out") show(h("p", {}, h("a", { href: "#" }, "All quotes")), errorLine(err));
    return;
  }
  const last = q.revisions[q.revisions.length - 1]!;
  const message = h("div", { role: "status", class: "message" });
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      say(done);
      await open(id);
    } catch (err) {
      message.replaceChildren(errorLine(err));
    }
  };
  const statusButtons = (NEXT[q.status] ?? []).map((to) =>
    h("button", { type: "button", onclick: () => void act(() => api(`/api/quotes/${id}/status`, { status: to }), `Quote ${to}`) }, `Mark ${to}`),
  );
  const selection = h("textarea", { id: "selection", rows: 4 }, last.selection.join("\n"));
  const once = h("input", { id: "disc-once", inputmode: "decimal", value: last.discount.once });
  const monthly = h("input", { id: "disc-monthly", inputmode: "decimal", value: last.discount.monthly });
  const frozen = q.status === "accepted" || q.status === "withdrawn";
  const revise = h("form", { class: "card revise", onsubmit: (e: Event) => {
    e.preventDefault();
    const select = selection.value.split("\n").map((s) => s.trim()).filter(Boolean);
    void act(() => api(`/api/quotes/${id}/revisions`, { select, discount: { once: once.value || "0", monthly: monthly.value || "0" } }), "Revision made");
  } },
    h("h2", {}, "New revision"),
    h("p", { class: "field" }, h("label", { for: "selection" }, "Choices (one per line)"), selection),
    h("p", { class: "field" }, h("label", { for: "disc-once" }, "Discount once (%)"), once),
    h("p", { class: "field" }, h("label", { for: "disc-monthly" }, "Discount monthly (%)"), monthly),
    h("button", { type: "submit", class: "primary", disabled: frozen }, "Price and save revision"),
  );
  const exportDoc = async (format: string) => {
    const res = await fetch(`/api/quotes/${id}/document?format=${format}`, { headers: { authorization: `Bearer ${token()}` } });
    if (!res.ok) return message.replaceChildren(errorLine(`HTTP ${res.status}`));
    const url = URL.createObjectURL(await res.blob());
    if (format === "html") window.open(url, "_blank");
    else h("a", { href: url, download: `quote-${id.slice(0, 8)}.${format}` }).click();
  };
  const revisions = q.revisions.map((r) =>
    h("tr", {},
      h("td", { class: "n" }, String(r.number)),
      h("td", {}, r.created_at.slice(0, 16).replace("T", " ")),
      h("td", {}, r.created_by),
      h("td", {}, r.selection.join(", ") || "—"),
      h("td", {}, `${r.discount.once} % / ${r.discount.monthly} %`),
      h("td", {}, r.approval === "pending"
        ? h("button", { type: "button", onclick: () => void act(() => api(`/api/quotes/${id}/approve`, { revision: r.number }), "Discount approved") }, "Approve")
        : r.approval === "approved" ? `approved by ${r.approved_by}` : "—"),
      h("td", { class: "n" }, `${r.quote.totals.once} / ${r.quote.totals.monthly} ${r.quote.totals.currency}`),
    ),
  );
  show(
    h("p", {}, h("a", { href: "#" }, "← All quotes")),
    h("h1", {}, `Quote for ${q.customer?.name || "(no name)"}`),
    h("p", { class: "lead" }, `${q.catalog_id} · `, h("span", { class: `status status-${q.status}` }, q.status), ` · valid until ${last.valid_until} · `, h("code", {}, q.id)),
    h("div", { class: "toolbar" }, ...statusButtons,
      h("button", { type: "button", onclick: () => void exportDoc("html") }, "Print view"),
      h("button", { type: "button", onclick: () => void exportDoc("csv") }, "Download CSV"),
      h("button", { type: "button", onclick: () => void exportDoc("json") }, "Download JSON"),
      q.status === "accepted" ? h("button", { type: "button", onclick: () => void act(async () => {
        const order = await api(`/api/quotes/${id}/order`);
        const url = URL.createObjectURL(new Blob([JSON.stringify(order, null, 2)], { type: "application/json" }));
        h("a", { href: url, download: `order-${id.slice(0, 8)}.json` }).click();
      }, "Order exported") }, "Export order") : null),
    message,
    h("div", { class: "table-scroll" }, h("table", { class: "quotes revisions" },
      h("caption", {}, "Revisions, oldest first"),
      h("thead", {}, h("tr", {}, ...["#", "Made (UTC)", "By", "Choices", "Discount", "Approval", "Once / monthly"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...revisions),
    )),
    h("h2", {}, "History"),
    h("ol", { class: "history" }, ...q.statuses.map((s) => h("li", {}, `${s.status} — ${s.at.slice(0, 16).replace("T", " ")} by ${s.by}`))),
    frozen ? h("p", { class: "lead" }, `A quote that is ${q.status} takes no new revision.`) : revise,
  );
  say(`Quote for ${q.customer?.name ?? ""}, ${q.status}`);
  root.focus();
}

function route() {
  if (!token()) return signIn();
  const m = location.hash.match(/^#quote=([0-9a-f]+)$/);
  if (m) void open(m[1]!);
  else void list("");
}
window.addEventListener("hashchange", route);
route();
