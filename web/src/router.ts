import { useEffect, useState } from "preact/hooks";

/** The console's pages, by path. */
export const PAGES = [
  { path: "/overview", title: "Overview" },
  { path: "/connections", title: "Connections & syncs" },
  { path: "/quality", title: "Data quality" },
  { path: "/experiments", title: "Experiments" },
  { path: "/models", title: "Models" },
] as const;
export type PagePath = (typeof PAGES)[number]["path"];

const current = (): PagePath => (PAGES.find((p) => p.path === location.pathname)?.path ?? "/overview");

/** Path routing with the History API (the gateway answers every page path with index.html). */
export function useRoute(): [PagePath, (p: PagePath) => void] {
  const [path, setPath] = useState(current);
  useEffect(() => {
    const onPop = () => setPath(current());
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  const go = (p: PagePath) => {
    history.pushState(null, "", p);
    setPath(p);
  };
  return [path, go];
}
