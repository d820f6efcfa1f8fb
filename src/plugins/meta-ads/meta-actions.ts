import { sumDecimals } from "./decimal.js";

/** One entry of `actions` / `action_values`: the type, the default-setting value and one key per attribution window. */
export interface MetaActionStat {
  action_type: string;
  value?: string;
  [window: string]: string | undefined;
}

// Prefixes under which Meta repeats the same event (omni roll-up, web/app/in-store subsets, pixel, on-Meta).
// https://developers.facebook.com/docs/marketing-api/reference/ads-action-stats/
const FAMILY_PREFIXES = [
  "omni_", "onsite_web_app_", "onsite_web_", "onsite_app_", "web_app_in_store_", "web_in_store_",
  "offsite_conversion.fb_pixel_", "onsite_conversion.", "offline_conversion.", "app_custom_event.fb_mobile_",
];

/** The event an action type reports: `omni_purchase`, `offsite_conversion.fb_pixel_purchase` and `purchase` are all "purchase". */
export function actionFamily(actionType: string): string {
  let t = actionType;
  for (const p of FAMILY_PREFIXES) if (t.startsWith(p)) { t = t.slice(p.length); break; }
  return t.replace(/_grouped$/, "");
}

/** A message when two configured types report the same event (which would count one purchase twice); undefined when fine. */
export function assertOneTypePerFamily(types: readonly string[]): string | undefined {
  const seen = new Map<string, string>();
  for (const t of types) {
    const f = actionFamily(t);
    const other = seen.get(f);
    if (other !== undefined) {
      return `${other} and ${t} both report the "${f}" event, so one conversion would be counted twice; keep only one of them (omni_${f} counts every channel once)`;
    }
    seen.set(f, t);
  }
  return undefined;
}

const WINDOW_KEY = /^\d+d_(click|view|ev)$/;

/**
 * The value of one action entry under the configured windows: the sum of those window keys when the entry has any
 * window keys (missing ones are 0), else `value` (the account's default attribution setting).
 */
export function actionValue(stat: MetaActionStat, windows: readonly string[]): string {
  const hasWindows = Object.keys(stat).some((k) => WINDOW_KEY.test(k));
  if (!hasWindows) return stat.value === undefined ? "0" : sumDecimals([stat.value]);
  return sumDecimals(windows.map((w) => stat[w]).filter((v): v is string => v !== undefined));
}

/** Sum of the configured action types in an `actions` / `action_values` array; each type appears at most once per row. */
export function sumActions(stats: readonly MetaActionStat[] | undefined, types: readonly string[], windows: readonly string[]): string {
  if (!stats) return "0";
  const wanted = new Set(types);
  return sumDecimals(stats.filter((s) => wanted.has(s.action_type)).map((s) => actionValue(s, windows)));
}
