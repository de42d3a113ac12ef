// What the views need from the configurator page, as an interface so views never import it.
import type { CatalogDescription, Choice, Localised, Variable } from "./types.js";

export interface Ctx {
  desc: CatalogDescription;
  currency: string;
  lang(): string;
  label(loc: Localised | null | undefined, id: string): string;
  labelOrNull(loc: Localised | null | undefined): string | null;
  /** A catalog image path resolved against the catalog file's URL, or null. */
  image(src: string | null | undefined): string | null;
  selection(): Choice[];
  variable(path: string): Variable | undefined;
  /** Apply one choice; asks first when it conflicts (or, `quiet`, leaves things as they were:
   * a radio reached with arrow keys must not open a dialog). */
  choose(choice: Choice, quiet?: boolean): void;
  /** Apply a whole new selection (instances added or removed). */
  commit(select: Choice[], newChoice?: Choice): void;
  /** Drop the user's choice on one variable. */
  clear(key: string): void;
  /** The reason a value is not available (rules' messages), in words. */
  explain(path: string, value: string | null): Promise<string>;
}
