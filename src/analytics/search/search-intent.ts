import type { MemoryKind } from "../../db/tables/memory-items.js";

/** What a search query asks for beyond its words: kinds, status, objectives, platforms, and the name words left. */
export interface SearchIntent {
  kinds: MemoryKind[];
  status: "paused" | "active" | null;
  /** Platform-native objective codes the query names ("video views" → VIDEO_VIEWS). */
  objectives: string[];
  platforms: string[];
  /** Words that are left to match names. */
  rest: string;
}

const KIND_WORDS: [RegExp, MemoryKind[]][] = [
  [/\b(?:geo[- ]?(?:tests?|experiments?|holdouts?)|holdouts?|experiments?|lift (?:tests?|study)|a\/?b(?: tests?)?|split tests?|tests?)\b/, ["experiment"]],
  [/\b(?:mmm|(?:marketing|media) mix(?: models?)?|attribution(?: models?)?|multi[- ]?touch(?: attribution)?|mta|last[- ]touch|first[- ]touch|models?)\b/, ["model"]],
  [/\b(?:sync(?: runs?)?|syncs|imports?)\b/, ["sync_run"]],
  [/\bcampaigns?\b/, ["campaign"]],
  [/\b(?:ad ?sets?|ad groups?|audiences?)\b/, ["ad_group"]],
  [/\b(?:ads|ad|creatives?)\b/, ["ad"]],
  [/\baccounts?\b/, ["account"]],
];
// Words that also describe the item and should stay in the name words when nothing else is left.
const OBJECTIVES: [RegExp, string[]][] = [
  [/\bvideo views?\b/, ["VIDEO_VIEWS"]], [/\bawareness\b/, ["OUTCOME_AWARENESS"]], [/\bsales\b/, ["OUTCOME_SALES"]],
  [/\btraffic\b/, ["OUTCOME_TRAFFIC", "TRAFFIC"]], [/\bdisplay\b/, ["DISPLAY"]], [/\bshopping\b/, ["SHOPPING"]],
  [/\bweb conversions?\b/, ["WEB_CONVERSIONS"]], [/\breach\b/, ["REACH"]], [/\b(?:youtube|video)\b/, ["VIDEO"]], [/\bflows?\b/, ["flow"]],
];
const PLATFORMS: [RegExp, string][] = [
  [/\b(?:meta|facebook|fb|instagram)\b/, "meta"], [/\b(?:google(?: ads)?|adwords|youtube)\b/, "google_ads"],
  [/\b(?:tiktok|tik tok)\b/, "tiktok"], [/\b(?:klaviyo|email|e-mail)\b/, "klaviyo"],
];
const FILLER = /\b(?:the|a|an|of|on|in|for|with|all|my|our|show|find|me|and|vs|results?|error|errors|failed|failing|status)\b/g;

/** Read the kind, status, objective and platform words of a query; the rest are name words. */
export function searchIntent(query: string): SearchIntent {
  let s = ` ${query.toLowerCase().replace(/[|—–"]/g, " ")} `;
  const kinds = new Set<MemoryKind>();
  const objectives: string[] = [];
  const platforms: string[] = [];
  let status: SearchIntent["status"] = null;
  if (/\bpaused\b/.test(s)) { status = "paused"; s = s.replace(/\bpaused\b/g, " "); }
  else if (/\b(?:active|enabled|running|live)\b/.test(s)) { status = "active"; s = s.replace(/\b(?:active|enabled|running|live)\b/g, " "); }
  const named = s;
  for (const [re, o] of OBJECTIVES) if (re.test(s)) objectives.push(...o);
  for (const [re, p] of PLATFORMS) if (re.test(s)) { platforms.push(p); s = s.replace(new RegExp(re.source, "g"), " "); }
  for (const [re, k] of KIND_WORDS) if (re.test(s)) { k.forEach((x) => kinds.add(x)); s = s.replace(new RegExp(re.source, "g"), " "); }
  // Newsletters and flows are campaigns, and the word stays a name word ("bestsellers newsletter").
  if (/\b(?:newsletters?|flows?)\b/.test(s)) kinds.add("campaign");
  if (status && !kinds.size) kinds.add("campaign");
  let rest = s.replace(FILLER, " ").replace(/\s+/g, " ").trim();
  // A query that is only kind or platform words ("experiments", "google holdout") has no name words.
  if (!rest && !kinds.size && !platforms.length) rest = named.trim();
  return { kinds: [...kinds], status, objectives, platforms, rest };
}
