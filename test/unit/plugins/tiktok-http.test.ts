import { describe, expect, it } from "vitest";
import { AuthFailed, InvalidConfig, RateLimited, Transient } from "../../../src/plugins/errors.js";
import { QueryTooLarge, classifyTikTok } from "../../../src/plugins/tiktok-ads/tiktok-http.js";
import type { HttpResponse } from "../../../src/plugins/http.js";

const res = (code: number, status = 200): HttpResponse => ({
  status, headers: new Headers(), target: "GET /open_api/v1.3/report/integrated/get/", text: "", json: { code, message: "msg.", request_id: "r" },
});
const kind = (code: number) => { const v = classifyTikTok(res(code)); return v === "ok" || v === undefined ? v : v.constructor.name; };

describe("TikTok error codes in HTTP 200 bodies", () => {
  it.each([
    [0, "ok"], [40100, RateLimited.name], [40200, Transient.name], [40201, Transient.name], [40202, Transient.name], [40700, Transient.name],
    [50000, Transient.name], [50002, Transient.name], [60001, Transient.name], [40067, QueryTooLarge.name], [40001, AuthFailed.name],
    [40105, AuthFailed.name], [40104, AuthFailed.name], [40002, InvalidConfig.name], [41000, InvalidConfig.name],
  ] as const)("code %i → %s", (code, want) => expect(kind(code)).toBe(want));

  it("leaves non-200 responses to the default rules", () => expect(classifyTikTok(res(0, 503))).toBeUndefined());

  it("says what the code means and what to do", () => {
    expect((classifyTikTok(res(40105)) as Error).message).toBe("TikTok Ads answered GET /open_api/v1.3/report/integrated/get/ with code 40105: msg. The access token is invalid, expired or revoked. Re-authorize the connection: update its credentials, then run testConnection.");
  });
});
