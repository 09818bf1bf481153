#!/usr/bin/env node
// One peer library doing N sequential cancel-alls against a Bitget-compatible base URL (the project's test exchange).
//   node peer.js --peer ccxt|bitget-api --base-url http://127.0.0.1:PORT --n 200
// Keys come from BITGET_API_KEY, BITGET_API_SECRET, BITGET_API_PASSPHRASE. Prints one JSON line.
// Only the peer that is asked for is loaded, so that a one-shot run (--n 1) measures that peer's own start-up.
'use strict';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const peer = args.peer;
const baseUrl = (args['base-url'] || '').replace(/\/+$/, '');
const n = Number(args.n || 1);
const productType = args['product-type'] || 'USDT-FUTURES';
const marginCoin = args['margin-coin'] || 'USDT';
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

function makeCcxt() {
  const ccxt = require('ccxt');
  // No client-side throttle: the exchange's limit is raised for this run, as for the other clients.
  const exchange = new ccxt.bitget({ apiKey, secret, password: passphrase, enableRateLimit: false });
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

  let ok = 0;
  let cancelled = 0;
  const errors = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    try {
      const answer = await cancel();
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
  console.log(JSON.stringify({
    client: peer, n, ok, cancelled, wallMs, errors,
    selfPeakRssKb: process.resourceUsage().maxRSS,
  }));
  process.exit(ok === n ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(1); });
