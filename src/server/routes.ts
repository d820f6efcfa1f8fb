import type { RouteMount } from "./http.js";

/** HTTP routes mounted beside /graphql (CSV export, uploads). Areas add theirs here, one line each. */
export const routeMounts: RouteMount[] = [];
