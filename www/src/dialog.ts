// Modal dialogs on the native <dialog>: showModal() makes the rest of the page inert; Tab
// wraps inside, Escape cancels, and the focus returns to where it was when the dialog opened.
import { h, type Child } from "./dom.js";

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

export interface DialogOptions {
  title: string;
  body: Child[];
  confirm: string | null;
  cancel: string;
  /** Runs on confirm; a rejected promise keeps the dialog open (its message is shown). */
  onConfirm?: (form: HTMLFormElement) => Promise<Child[] | void>;
}

export function openDialog(o: DialogOptions): Promise<boolean> {
  const opener = document.activeElement as HTMLElement | null;
  const titleId = "dialog-title-" + Math.random().toString(36).slice(2);
  const error = h("p", { class: "dialog-error", role: "alert" });
  const confirm = o.confirm ? h("button", { type: "submit", class: "primary" }, o.confirm) : null;
  const cancel = h("button", { type: "button", class: "secondary" }, o.cancel);
  const form = h("form", { method: "dialog" }, h("h2", { id: titleId }, o.title), h("div", { class: "dialog-body" }, o.body), error, h("div", { class: "dialog-actions" }, cancel, confirm));
  const dlg = h("dialog", { "aria-labelledby": titleId, class: "dialog" }, form);
  document.body.appendChild(dlg);
  return new Promise<boolean>((resolve) => {
    let result = false;
    const close = (ok: boolean) => {
      result = ok;
      dlg.close();
    };
    dlg.addEventListener("close", () => {
      dlg.remove();
      opener?.focus?.();
      resolve(result);
    });
    dlg.addEventListener("cancel", () => {
      result = false;
    });
    dlg.addEventListener("keydown", (e) => {
      if (e.key !== "Tab") return;
      const items = [...dlg.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((x) => !x.hidden);
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      if (e.shiftKey && document.activeElement === first) {
        last.focus();
        e.preventDefault();
      } else if (!e.shiftKey && document.activeElement === last) {
        first.focus();
        e.preventDefault();
      }
    });
    cancel.addEventListener("click", () => close(false));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!o.onConfirm) return close(true);
      try {
        const more = await o.onConfirm(form);
        if (more) {
          // Shows a result in place (a quote's number) with one button to close.
          form.querySelector(".dialog-body")!.replaceChildren(...more.filter((x): x is Node | string => !!x && !Array.isArray(x)));
          confirm?.remove();
          cancel.textContent = "OK";
          cancel.focus();
          result = true;
        } else close(true);
      } catch (err) {
        error.textContent = err instanceof Error ? err.message : String(err);
      }
    });
    dlg.showModal();
    (confirm ?? cancel).focus();
  });
}
