import type { RouteMount } from "./http.js";
import { exportRouteMount } from "./export-routes.js";
import { csvUploadRouteMount } from "./csv-upload.js";
import { consoleRouteMount } from "./console-routes.js";

/** HTTP routes mounted beside /graphql (CSV export, uploads; the console last, for its SPA fallback). Areas add theirs here, one line each. */
export const routeMounts: RouteMount[] = [exportRouteMount, csvUploadRouteMount, consoleRouteMount];
