import Holidays from "date-holidays";

// Building a Holidays parses the country's rules (most of a year's cost): one per location, kept.
const byLocation = new Map<string, Holidays>();
const holidaysOf = (country: string, region?: string | null) => {
  const key = `${country}/${region ?? ""}`;
  let hd = byLocation.get(key);
  if (!hd) byLocation.set(key, (hd = region ? new Holidays(country, region, { languages: ["en"] }) : new Holidays(country, { languages: ["en"] })));
  return hd;
};

/** Public holidays of one year for a country (and optional region), date → name (several joined by " / "). */
export function publicHolidays(year: number, country: string, region?: string | null): Map<string, string> {
  const hd = holidaysOf(country, region);
  const out = new Map<string, string>();
  for (const h of hd.getHolidays(year) ?? []) {
    if (h.type !== "public") continue;
    const date = h.date.slice(0, 10);
    const prev = out.get(date);
    if (prev !== h.name) out.set(date, prev ? `${prev} / ${h.name}` : h.name);
  }
  return out;
}

/** Whether date-holidays knows the country (and region): an unknown one is a configuration error. */
export function isKnownLocation(country: string, region?: string | null): boolean {
  const hd = new Holidays();
  if (!hd.getCountries()[country.toUpperCase()]) return false;
  return !region || Boolean(hd.getStates(country.toUpperCase())?.[region.toUpperCase()]);
}
