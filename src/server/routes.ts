import type { RouteMount } from "./http.js";
import { exportRouteMount } from "./export-routes.js";
import { csvUploadRouteMount } from "./csv-upload.js";

/** HTTP routes mounted beside /graphql (CSV export, uploads). Areas add theirs here, one line each. */
export const routeMounts: RouteMount[] = [exportRouteMount, csvUploadRouteMount];
