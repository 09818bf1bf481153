#!/usr/bin/env node
// One peer library doing N sequential cancel-alls against a Bitget-compatible base URL (the project's test exchange).
//   node peer.js --peer ccxt|bitget-api --base-url http://127.0.0.1:PORT --n 200 [--warm 1] [--default-limiter]
//   node --expose-gc peer.js --peer ccxt|bitget-api --parse 1000 [--reps 30]
// Keys come from BITGET_API_KEY, BITGET_API_SECRET, BITGET_API_PASSPHRASE. Prints one JSON line.
// Only the peer that is asked for is loaded, so that a one-shot run (--n 1) measures that peer's own start-up.
// --warm W: W untimed calls first (the .NET side warms up the same way). --default-limiter: ccxt as a ccxt user gets
// it (enableRateLimit on, its own spacing). --parse N: what the peer does with a cancel-all answer of N orders.
'use strict';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : '']);
  return pairs;
}, []));
const peer = args.peer;
const baseUrl = (args['base-url'] || '').replace(/\/+$/, '');
const n = Number(args.n || 1);
const warm = Number(args.warm || 0);
const defaultLimiter = 'default-limiter' in args;
const productType = args['product-type'] || 'USDT-FUTURES';
const marginCoin = args['margin-coin'] || 'USDT';
const apiKey = process.env.BITGET_API_KEY;
const secret = process.env.BITGET_API_SECRET;
const passphrase = process.env.BITGET_API_PASSPHRASE;

if (args.parse) {
  parseRow(Number(args.parse), Number(args.reps || 30));
  process.exit(0);
}
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(baseUrl)) {
  // The benchmark talks to the loopback test exchange only.
  console.error(`--base-url must be http://127.0.0.1:PORT, got '${baseUrl}'`);
  process.exit(2);
}
if (!apiKey || !secret || !passphrase) {
  console.error('BITGET_API_KEY, BITGET_API_SECRET and BITGET_API_PASSPHRASE must be set');
  process.exit(2);
}

function makeCcxt() {
  const ccxt = require('ccxt');
  // No client-side throttle (the exchange's limit is raised for this run, as for the other clients), unless
  // --default-limiter: then ccxt's own default, which a ccxt user gets.
  const exchange = new ccxt.bitget({ apiKey, secret, password: passphrase, enableRateLimit: defaultLimiter });
  // Every API section of the bitget class points at the same host; send them all to the test exchange.
  for (const section of Object.keys(exchange.urls.api)) {
    exchange.urls.api[section] = baseUrl;
  }
  // The implicit method for POST /api/v2/mix/order/cancel-all-orders: one signed request, no loadMarkets, no time sync.
  return async () => exchange.privateMixPostV2MixOrderCancelAllOrders({ productType, marginCoin });
}

function makeBitgetApi() {
  const { RestClientV2 } = require('bitget-api');
  const client = new RestClientV2({ apiKey, apiSecret: secret, apiPass: passphrase, baseUrl });
  return async () => client.futuresCancelAllOrders({ productType, marginCoin });
}

async function main() {
  const cancel = peer === 'ccxt' ? makeCcxt() : peer === 'bitget-api' ? makeBitgetApi() : null;
  if (!cancel) {
    console.error(`--peer must be ccxt or bitget-api, got '${peer}'`);
    process.exit(2);
  }

  for (let i = 0; i < warm; i++) {
    await cancel();
  }

  let ok = 0;
  let cancelled = 0;
  const errors = [];
  const calls = [];
  const switchesBefore = contextSwitches();
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const callStarted = process.hrtime.bigint();
    try {
      const answer = await cancel();
      calls.push(Number(process.hrtime.bigint() - callStarted) / 1e6);
      if (answer && answer.code === '00000') {
        ok++;
        cancelled += (answer.data && answer.data.successList || []).length;
      } else if (errors.length < 3) {
        errors.push(JSON.stringify(answer).slice(0, 200));
      }
    } catch (e) {
      if (errors.length < 3) errors.push(String(e && e.message || e).slice(0, 300));
    }
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerCall = n === 0 ? 0 : (cpu.user + cpu.system) / 1000 / n;
  const contextSwitchesPerCall = n === 0 ? 0 : (contextSwitches() - switchesBefore) / n;
  const medianCallMs = calls.length === 0 ? 0 : calls.slice().sort((a, b) => a - b)[Math.floor(calls.length / 2)];
  // From node's start to the last answer (with --n 1: the first kill from process start, as the .NET side's row 0).
  const uptimeMs = process.uptime() * 1000;
  console.log(JSON.stringify({
    client: peer, n, ok, cancelled, wallMs, uptimeMs, errors, medianCallMs, contextSwitchesPerCall, cpuMsPerCall,
    selfPeakRssKb: process.resourceUsage().maxRSS,
  }));
  process.exit(ok === n ? 0 : 1);
}

// The process's context switches so far, voluntary and not, every thread (getrusage), as the .NET side counts them.
function contextSwitches() {
  const usage = process.resourceUsage();
  return usage.voluntaryContextSwitches + usage.involuntaryContextSwitches;
}

// The same answer text as the .NET side's AnswerParsing.Body: 19-digit order ids and a client id per order.
function answerBody(orders) {
  const items = [];
  for (let i = 0; i < orders; i++) {
    const id = (1100000000000000000n + BigInt(i)).toString();
    items.push(`{"orderId":"${id}","clientOid":"cli-${id}"}`);
  }
  return `{"code":"00000","msg":"success","requestTime":1767225600000,"data":{"successList":[${items.join(',')}],"failureList":[]}}`;
}

// What each peer does with an answer's bytes: decode them to a string, then ccxt's parseJson (JSON.parse inside) or,
// for bitget-api, axios's default transformResponse (JSON.parse). Time: median of reps. Bytes: V8 heap growth over one
// parse (needs --expose-gc to start each from a collected heap), median of reps.
function parseRow(orders, reps) {
  let parse;
  if (peer === 'ccxt') {
    const ccxt = require('ccxt');
    const exchange = new ccxt.bitget({});
    parse = (bytes) => exchange.parseJson(bytes.toString('utf8'));
  } else if (peer === 'bitget-api') {
    require('bitget-api');
    parse = (bytes) => JSON.parse(bytes.toString('utf8'));
  } else {
    console.error(`--peer must be ccxt or bitget-api, got '${peer}'`);
    process.exit(2);
  }

  const bytes = Buffer.from(answerBody(orders), 'utf8');
  for (let i = 0; i < 5; i++) parse(bytes);
  if (parse(bytes).data.successList.length !== orders) throw new Error('the answer did not read every order');
  const times = [];
  const heap = [];
  let kept;
  for (let i = 0; i < reps; i++) {
    if (global.gc) global.gc();
    const before = process.memoryUsage().heapUsed;
    const started = process.hrtime.bigint();
    kept = parse(bytes);
    times.push(Number(process.hrtime.bigint() - started) / 1e3);
    heap.push(process.memoryUsage().heapUsed - before);
    kept = null;
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(JSON.stringify({ client: peer, orders, reps, medianUs: median(times), heapBytes: global.gc ? median(heap) : null }));
}

main().catch((e) => { console.error(e); process.exit(1); });
