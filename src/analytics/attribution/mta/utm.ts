import { badInput } from "../../../errors.js";

/** UTM fields of a landing-page URL and the channel they map to. */
export interface UtmFields {
  /** utm_source, lower-cased. */
  source: string | null;
  /** utm_medium, lower-cased. */
  medium: string | null;
  /** utm_campaign as written. */
  campaign: string | null;
  /** "source / medium" as GA's default channel label; the source alone without a medium; "direct" without UTM. */
  channel: string;
}

/** Parse the UTM parameters of a landing-page URL. */
export function parseUtm(url: string): UtmFields {
  let parsed: URL;
  try { parsed = new URL(url); } catch { throw badInput(`"${url}" is not an absolute URL; give the full landing-page URL including https://.`); }
  const get = (k: string) => parsed.searchParams.get(k)?.trim() || null;
  const source = get("utm_source")?.toLowerCase() ?? null;
  const medium = get("utm_medium")?.toLowerCase() ?? null;
  const channel = source ? (medium ? `${source} / ${medium}` : source) : "direct";
  return { source, medium, campaign: get("utm_campaign"), channel };
}
