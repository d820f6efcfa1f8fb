import type { RouteMount } from "./http.js";
import { metricsRouteMount } from "./prometheus.js";
import { exportRouteMount } from "./export-routes.js";
import { csvUploadRouteMount } from "./csv-upload.js";
import { consoleRouteMount } from "./console-routes.js";

/** HTTP routes mounted beside /graphql (metrics, CSV export, uploads; the console last, for its SPA fallback). Areas add theirs here, one line each. */
export const routeMounts: RouteMount[] = [metricsRouteMount, exportRouteMount, csvUploadRouteMount, consoleRouteMount];
