// Promise.withResolvers (Node 22+) for PostGraphile 5 on Node 20: `node --require ./with-resolvers.cjs`.
if (!Promise.withResolvers) {
  Promise.withResolvers = function withResolvers() {
    let resolve, reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
