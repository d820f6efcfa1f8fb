import { addDays, ymd } from "../../dates.js";

// Countries wholly or mostly south of the equator: their seasons are flipped.
const SOUTHERN = new Set(["AR", "AU", "BO", "BR", "BW", "CL", "FJ", "LS", "MG", "MU", "MW", "MZ", "NA", "NZ", "PE", "PY", "SZ", "UY", "ZA", "ZM", "ZW"]);

export const isSouthern = (country: string): boolean => SOUTHERN.has(country.toUpperCase());

const NORTH = ["winter", "winter", "spring", "spring", "spring", "summer", "summer", "summer", "autumn", "autumn", "autumn", "winter"];
const FLIP: Record<string, string> = { winter: "summer", summer: "winter", spring: "autumn", autumn: "spring" };

/** Meteorological season (whole months: Dec–Feb is northern winter) for the org's hemisphere. */
export function seasonOf(date: string, country: string): string {
  const s = NORTH[Number(date.slice(5, 7)) - 1]!;
  return isSouthern(country) ? FLIP[s]! : s;
}

export interface PeakSeason {
  name: "black_friday_cyber_monday" | "holiday_season" | "back_to_school";
  from: string;
  to: string;
}

/**
 * Retail peak seasons of one year. Black Friday is the day after the fourth Thursday of November
 * (US Thanksgiving), through Cyber Monday; the holiday season runs from the day after Cyber Monday
 * to 31 December; back to school is 15 July – 15 September in the north, 15 January – 15 February in the south.
 */
export function peakSeasons(year: number, country: string): PeakSeason[] {
  const nov1 = ymd(year, 11, 1);
  const firstThursday = addDays(nov1, (4 - new Date(`${nov1}T00:00:00Z`).getUTCDay() + 7) % 7);
  const blackFriday = addDays(firstThursday, 22);
  const cyberMonday = addDays(blackFriday, 3);
  const school = isSouthern(country) ? { from: ymd(year, 1, 15), to: ymd(year, 2, 15) } : { from: ymd(year, 7, 15), to: ymd(year, 9, 15) };
  return [
    { name: "back_to_school", ...school },
    { name: "black_friday_cyber_monday", from: blackFriday, to: cyberMonday },
    { name: "holiday_season", from: addDays(cyberMonday, 1), to: ymd(year, 12, 31) },
  ];
}
