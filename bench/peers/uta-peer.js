#!/usr/bin/env node
// One peer library doing one warm UTA (V3) operation against the project's test exchange in UTA mode.
//   node uta-peer.js --peer ccxt|bitget-api --base-url http://127.0.0.1:PORT --op kill|flatten [--category USDT-FUTURES] [--idle-ms 0]
// kill:    POST /api/v3/trade/cancel-symbol-order {category}
// flatten: cancel-symbol-order, list the strategy orders (unfilled-strategy-orders), cancel each (cancel-strategy-order),
//          close-positions {category}: what a user of the library writes to go flat on a UTA account.
// One signed read first warms the connection and the library; then the exchange's stats are reset (POST /_bench/reset);
// then --idle-ms of idle (the .NET side does the same);
// only the operation is timed. Keys from BITGET_API_KEY,
// BITGET_API_SECRET, BITGET_API_PASSPHRASE. Prints one JSON line.
'use strict';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const peer = args.peer;
const op = args.op;
const baseUrl = (args['base-url'] || '').replace(/\/+$/, '');
const category = args.category || 'USDT-FUTURES';
const idleMs = Number(args['idle-ms'] || 0);
const apiKey = process.env.BITGET_API_KEY;
const secret = process.env.BITGET_API_SECRET;
const passphrase = process.env.BITGET_API_PASSPHRASE;

if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(baseUrl)) {
  // The benchmark talks to the loopback test exchange only.
  console.error(`--base-url must be http://127.0.0.1:PORT, got '${baseUrl}'`);
  process.exit(2);
}
if (!apiKey || !secret || !passphrase) {
  console.error('BITGET_API_KEY, BITGET_API_SECRET and BITGET_API_PASSPHRASE must be set');
  process.exit(2);
}
if (!Number.isInteger(idleMs) || idleMs < 0) {
  console.error(`--idle-ms must be a whole number of milliseconds, 0 or more, got '${args['idle-ms']}'`);
  process.exit(2);
}
if (op !== 'kill' && op !== 'flatten') {
  console.error(`--op must be kill or flatten, got '${op}'`);
  process.exit(2);
}

// Each peer's V3 calls, by the library's own methods for these endpoints.
function makeCcxt() {
  const ccxt = require('ccxt');
  const exchange = new ccxt.bitget({ apiKey, secret, password: passphrase, enableRateLimit: false, options: { uta: true } });
  for (const section of Object.keys(exchange.urls.api)) {
    exchange.urls.api[section] = baseUrl;
  }
  return {
    read: () => exchange.privateUtaGetV3TradeUnfilledOrders({ category }),
    cancelAll: () => exchange.privateUtaPostV3TradeCancelSymbolOrder({ category }),
    strategyOrders: () => exchange.privateUtaGetV3TradeUnfilledStrategyOrders({ category }),
    cancelStrategy: (orderId) => exchange.privateUtaPostV3TradeCancelStrategyOrder({ orderId }),
    closeAll: () => exchange.privateUtaPostV3TradeClosePositions({ category }),
  };
}

function makeBitgetApi() {
  const { RestClientV3 } = require('bitget-api');
  const client = new RestClientV3({ apiKey, apiSecret: secret, apiPass: passphrase, baseUrl });
  return {
    read: () => client.getUnfilledOrders({ category }),
    cancelAll: () => client.cancelAllOrders({ category }),
    strategyOrders: () => client.getUnfilledStrategyOrders({ category }),
    cancelStrategy: (orderId) => client.cancelStrategyOrder({ orderId }),
    closeAll: () => client.closeAllPositions({ category }),
  };
}

// A "nothing to do" answer is an error to some libraries: take the exchange's code from it either way.
async function call(fn) {
  try {
    return await fn();
  } catch (e) {
    const body = e && (e.body || (e.response && e.response.data)) || String(e && e.message || e);
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const code = (/"code"\s*:\s*"?(\d+)/.exec(text) || [])[1];
    if (code === '25227' || code === '22001' || code === '22002') return { code, data: null };
    throw new Error(text.slice(0, 300));
  }
}

async function main() {
  const api = peer === 'ccxt' ? makeCcxt() : peer === 'bitget-api' ? makeBitgetApi() : null;
  if (!api) {
    console.error(`--peer must be ccxt or bitget-api, got '${peer}'`);
    process.exit(2);
  }

  const errors = [];
  let calls = 0;
  try {
    await api.read();
  } catch (e) {
    errors.push('warm-up: ' + String(e && e.message || e).slice(0, 300));
  }
  // The bench reads the exchange's own time for the timed calls alone: its stats start here (the .NET side resets too).
  try {
    const reset = await fetch(baseUrl + '/_bench/reset', { method: 'POST' });
    if (!reset.ok) errors.push(`/_bench/reset answered ${reset.status}`);
  } catch (e) {
    errors.push('/_bench/reset: ' + String(e && e.message || e).slice(0, 300));
  }
  if (idleMs > 0) {
    await new Promise((resolve) => setTimeout(resolve, idleMs));
  }

  const started = process.hrtime.bigint();
  try {
    await call(api.cancelAll); calls++;
    if (op === 'flatten') {
      const listed = await call(api.strategyOrders); calls++;
      const items = Array.isArray(listed && listed.data) ? listed.data : (listed && listed.data && listed.data.list) || [];
      for (const item of items) {
        await call(() => api.cancelStrategy(item.orderId)); calls++;
      }
      await call(api.closeAll); calls++;
    }
  } catch (e) {
    errors.push(String(e && e.message || e).slice(0, 300));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(JSON.stringify({ client: peer, op, ms, calls, ok: errors.length === 0, errors }));
  process.exit(errors.length === 0 ? 0 : 1);
}

main();
