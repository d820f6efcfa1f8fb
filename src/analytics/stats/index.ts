export * from "./distributions.js";
export * from "./descriptive.js";
export * from "./ridge.js";
export * from "./simplex-least-squares.js";
export * from "./interval.js";
export * from "./sampling.js";
