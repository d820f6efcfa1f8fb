import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The console: a Preact SPA built into web/dist and served by the gateway at / (src/server/console-routes.ts).
// No Preact plugin needed: Vite's own JSX transform (oxc) targets Preact's automatic runtime.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  resolve: { alias: { react: "preact/compat", "react-dom": "preact/compat" } },
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1200, sourcemap: false },
  server: { proxy: { "/graphql": { target: "http://127.0.0.1:4000", ws: true } } },
});
