// Preloaded into the Agents Playground (node --require): it calls server.listen(port) without a host, which
// listens on every interface. A dev tool that acts as anyone in the council must be reachable from this
// machine only, so a listen without a host is given the loopback address.
const net = require('node:net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const rest = args.slice(1);
    if (typeof rest[0] !== 'string') return listen.call(this, first, '127.0.0.1', ...rest);
  } else if (first && typeof first === 'object' && !('fd' in first) && !('path' in first) && first.host === undefined) {
    return listen.call(this, { ...first, host: '127.0.0.1' }, ...args.slice(1));
  }
  return listen.apply(this, args);
};
