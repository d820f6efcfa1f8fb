// Minimal typings for the parts of jstat (https://jstat.github.io) that liftgate uses; the package ships none.
declare module "jstat" {
  interface Dist1 { cdf(x: number, a: number): number; inv(p: number, a: number): number; pdf(x: number, a: number): number }
  interface Dist2 { cdf(x: number, a: number, b: number): number; inv(p: number, a: number, b: number): number; pdf(x: number, a: number, b: number): number }
  interface JStat {
    normal: Dist2;
    studentt: Dist1;
    chisquare: Dist1;
    beta: Dist2;
    centralF: Dist2;
    betaln(a: number, b: number): number;
    gammaln(x: number): number;
  }
  const jStat: JStat;
  export default jStat;
}
