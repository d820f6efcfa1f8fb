import { badInput } from "../../errors.js";
import { logBeta, normalCdf, normalPdf } from "../stats/distributions.js";

/** Chance that treatment beats control, and the expected loss of shipping each arm. */
export interface BayesianResult {
  /** "beta-binomial" (exact, conversions) or "normal" (approximation, means). */
  method: "beta-binomial" | "normal";
  /** P(treatment > control). */
  chanceToWin: number;
  /** E[max(control − treatment, 0)]: what shipping treatment costs if it is worse. */
  expectedLossTreatment: number;
  /** E[max(treatment − control, 0)]: what keeping control costs if treatment is better. */
  expectedLossControl: number;
}

/**
 * P(X > Y), X ~ Beta(a, b), Y ~ Beta(c, d), integer a: the closed-form sum of Evan Miller
 * (https://www.evanmiller.org/bayesian-ab-testing.html#binary_ab_derivation), in log space.
 */
export function probBetaGreater(a: number, b: number, c: number, d: number): number {
  if (!Number.isInteger(a)) throw badInput("The closed-form Beta comparison needs an integer first shape (integer prior + counts).");
  let total = 0;
  const base = logBeta(c, d);
  for (let i = 0; i < a; i++) total += Math.exp(logBeta(c + i, b + d) - Math.log(b + i) - logBeta(1 + i, b) - base);
  return Math.min(Math.max(total, 0), 1);
}

/**
 * Beta-Binomial model with a Beta(priorA, priorB) prior (default uniform): exact chance to win and
 * expected loss, using E[X·1{X>Y}] = a/(a+b)·P(X′ > Y) with X′ ~ Beta(a+1, b).
 */
export function bayesianProportions(control: { n: number; conversions: number }, treatment: { n: number; conversions: number }, prior = { alpha: 1, beta: 1 }): BayesianResult {
  const [a, b] = [prior.alpha + treatment.conversions, prior.beta + treatment.n - treatment.conversions];
  const [c, d] = [prior.alpha + control.conversions, prior.beta + control.n - control.conversions];
  const chance = probBetaGreater(a, b, c, d);
  const meanT = a / (a + b), meanC = c / (c + d);
  // E[max(T − C, 0)] = E[T·1{T>C}] − E[C·1{T>C}]
  const lossControl = meanT * probBetaGreater(a + 1, b, c, d) - meanC * (1 - probBetaGreater(c + 1, d, a, b));
  const lossTreatment = lossControl - (meanT - meanC);
  return { method: "beta-binomial", chanceToWin: chance, expectedLossTreatment: Math.max(lossTreatment, 0), expectedLossControl: Math.max(lossControl, 0) };
}

/**
 * Means: flat prior, so each posterior mean is approximately Normal(x̄, s²/n) and the difference
 * D ~ Normal(d, se²). P(D > 0) = Φ(d/se); E[max(−D, 0)] = se·φ(d/se) − d·Φ(−d/se).
 */
export function bayesianMeans(difference: number, standardError: number): BayesianResult {
  if (!(standardError > 0)) throw badInput("A Bayesian comparison of means needs a positive standard error.");
  const z = difference / standardError;
  const lossTreatment = standardError * normalPdf(z) - difference * normalCdf(-z);
  return { method: "normal", chanceToWin: normalCdf(z), expectedLossTreatment: lossTreatment, expectedLossControl: lossTreatment + difference };
}
