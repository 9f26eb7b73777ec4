// Preloaded into a CLI run by test/no-network.test.ts: any attempt to reach the network fails loudly (exit 99).
// Local IPC over a Unix socket path (tsx's own loader talks to its parent that way) is not network and is let through.
import dns from "node:dns";
import net from "node:net";
import tls from "node:tls";
import http from "node:http";
import https from "node:https";

const deny = (what) => () => {
  process.stderr.write(`NETWORK ATTEMPT: ${what}\n${new Error().stack}\n`);
  process.exit(99);
};
const isIpc = (a) => (typeof a === "string" && Number.isNaN(Number(a))) || (a && typeof a === "object" && typeof a.path === "string");
const guard = (name, original) =>
  function (...args) {
    if (isIpc(args[0]) || (Array.isArray(args[0]) && isIpc(args[0][0]))) return original.apply(this, args);
    return deny(name)();
  };
net.connect = net.createConnection = guard("net.connect", net.connect);
net.Socket.prototype.connect = guard("socket.connect", net.Socket.prototype.connect);
tls.connect = deny("tls.connect");
dns.lookup = deny("dns.lookup");
dns.resolve = deny("dns.resolve");
http.request = http.get = deny("http.request");
https.request = https.get = deny("https.request");
globalThis.fetch = deny("fetch");
