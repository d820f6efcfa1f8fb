import type { RouteMount } from "./http.js";
import { exportRouteMount } from "./export-routes.js";

/** HTTP routes mounted beside /graphql (CSV export, uploads). Areas add theirs here, one line each. */
export const routeMounts: RouteMount[] = [exportRouteMount];
