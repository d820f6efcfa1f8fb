// The signed-in API key lives in this tab's session storage only (never in a URL, never in localStorage).
// The explorer page at /graphql reads the same name (src/server/console-routes.ts).
const KEY = "liftgate.apiKey";

export const loadKey = (): string | null => sessionStorage.getItem(KEY);
export const saveKey = (key: string) => sessionStorage.setItem(KEY, key);
export const clearKey = () => sessionStorage.removeItem(KEY);
