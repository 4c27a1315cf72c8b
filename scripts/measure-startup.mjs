// Measures what DESIGN.md's budget names for start-up, on the compiled server (`npm run build` first):
//   time from spawning `node dist/src/main.js` to `/healthz` answering, on a new database and again
//   on the same one (warm), the console prompt in a pseudo-terminal, and the idle resident memory.
//   npm run measure:startup -- [--runs 5] [--json] [--source]
// --source runs src/main.ts through tsx instead, as `npm start` did before the compiled start.
// A measurement, not a test: it prints numbers and never fails on them.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startEnv, startFlags } from './start-flags.mjs';

const options = {
  runs: { type: 'string', default: '5' },
  json: { type: 'boolean', default: false },
  source: { type: 'boolean', default: false },
};
const { values } = parseArgs({ options });
const runs = Math.max(1, Number(values.runs));
const tsx = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;
/** The variables `npm start` sets for the server (package.json's start script). */
const serverEnv = startEnv('.');
const serverArgs = [
  ...startFlags('.'),
  ...(values.source ? ['--import', tsx, resolve('src/main.ts')] : [resolve('dist/src/main.js')]),
];
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

async function healthy(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    return response.ok;
  } catch {
    return false;
  }
}

/** Starts the server in `dir` (its ./data is the embedded default) and times it to a healthy /healthz. */
async function startServer(dir, port) {
  const started = performance.now();
  const child = spawn(process.execPath, serverArgs, {
    cwd: dir,
    env: { ...process.env, ...serverEnv, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((done) => child.once('exit', done));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (await healthy(port)) break;
    await sleep(10);
  }
  const ms = performance.now() - started;
  return { child, ms, exited };
}

async function stopServer(server) {
  const started = performance.now();
  server.child.kill('SIGTERM');
  await server.exited;
  return performance.now() - started;
}

/** Time to the console prompt: the server in a pseudo-terminal made by util-linux `script`. */
async function consolePrompt(dir) {
  const started = performance.now();
  const command = [process.execPath, ...serverArgs].map((word) => JSON.stringify(word)).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: dir,
    env: { ...process.env, ...serverEnv, PORT: '0', TERM: 'xterm', COLUMNS: '80', LINES: '24' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let screen = '';
  const ms = await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no prompt after 30 s; the screen: ${screen}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      screen += chunk;
      if (/@switchboard> /.test(screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''))) {
        clearTimeout(timer);
        done(performance.now() - started);
      }
    });
  });
  child.stdin.write('exit\r');
  await new Promise((done) => child.once('exit', done));
  return ms;
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const result = {
  node: process.version,
  runs,
  firstStartMs: [],
  warmStartMs: [],
  consolePromptMs: [],
  idleRssMb: [],
  stopMs: [],
};
for (let run = 0; run < runs; run++) {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-startup-'));
  const port = 3900 + run;
  try {
    const first = await startServer(dir, port);
    result.firstStartMs.push(first.ms);
    await stopServer(first);
    const warm = await startServer(dir, port);
    result.warmStartMs.push(warm.ms);
    await sleep(3_000);
    result.idleRssMb.push(rssMb(warm.child.pid));
    result.stopMs.push(await stopServer(warm));
    result.consolePromptMs.push(await consolePrompt(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const summary = {
  node: result.node,
  runs,
  'first start to /healthz (new database, migrations, demo data), ms': median(result.firstStartMs),
  'warm start to /healthz, ms': median(result.warmStartMs),
  'start to console prompt, ms': median(result.consolePromptMs),
  'idle resident memory 3 s after start, MB': median(result.idleRssMb),
  'SIGTERM to exit, ms': median(result.stopMs),
};
if (values.json) console.log(JSON.stringify({ summary, samples: result }, null, 2));
else {
  console.log(
    `start-up of ${values.source ? 'src/main.ts through tsx' : 'dist/src/main.js'} on ${result.node}, median of ${runs} runs`,
  );
  for (const [name, value] of Object.entries(summary).slice(2)) console.log(`  ${name.padEnd(70)} ${value.toFixed(0)}`);
}
