#!/usr/bin/env node
// vis-timeline measured in headless Chromium on Factline's synthetic data (bench/peers/README.md).
//
//   node bench/peers/run.js --items bench/out/peers --sizes 1000 10000 100000 --json out.json
//
// For each size, with vis-timeline's clustering off and on: the first render (creating both
// timelines to the end of their first painted frame) and frames after a range change at the
// zooms bench/run.py uses, each frame alternating with two floors measured in other browsers at
// the same moment: a frame of an empty page (the browser's own floor) and a frame of the same two
// timelines with no items (vis-timeline's floor, as Factline's floor is its window without
// events). Every measurement is capped (--timeout); one that does not finish is reported as such
// and its browser is stopped.
"use strict";

const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

const HERE = __dirname;
const PAGE = "file://" + path.join(HERE, "page.html");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ZOOMS = { full: 1.0, "2%": 0.02, "0.1%": 0.001 };
// where zoomed frames are centred, cycled: bench/run.py's CENTRES
const CENTRES = [0.5, 0.35, 0.62, 0.44, 0.71, 0.28, 0.55, 0.4, 0.66, 0.31, 0.58, 0.47];
const WARM_UP = 3;
const SLOW_FRAME_MS = 1000;  // past this, a zoom is measured on a few frames only
const SLOW_FRAMES = 5;

class TimedOut extends Error {}

function options(argv) {
  const out = { items: path.join(HERE, "..", "out", "peers"), sizes: [1000, 10000, 100000],
                frames: 20, timeout: 60, json: null, screenshots: null };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "");
    if (name === "sizes") {
      out.sizes = [];
      while (i + 1 < argv.length && !argv[i + 1].startsWith("--")) out.sizes.push(Number(argv[++i]));
    } else if (name in out) {
      out[name] = ["frames", "timeout"].includes(name) ? Number(argv[++i]) : argv[++i];
    } else {
      throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return out;
}

function capped(promise, seconds) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`did not finish within ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

// One browser per page: Chromium 156 headless closed the target when two pages of one browser
// were driven in turn here, and a page of its own is never a hidden (throttled) tab.
async function openPage(itemsFile) {
  const args = ["--disable-gpu-vsync", "--disable-frame-rate-limit", "--hide-scrollbars",
                "--window-size=1920,1080", "--mute-audio", "--no-first-run"];
  if (process.getuid && process.getuid() === 0) args.push("--no-sandbox");  // Chromium refuses root otherwise
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args,
                                           defaultViewport: { width: 1920, height: 1080 } });
  const page = (await browser.pages())[0] || (await browser.newPage());
  await page.goto(PAGE);
  if (itemsFile) await page.addScriptTag({ url: "file://" + path.resolve(itemsFile) });
  return { browser, page };
}

async function stop(handle) {
  if (!handle) return;
  const child = handle.browser.process();
  try {
    await capped(handle.browser.close(), 5);
  } catch (err) {
    if (child) child.kill("SIGKILL");
  }
}

function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (x) => Math.round(x * 100) / 100;
  return { median_ms: round(quantile(sorted, 0.5)), q1_ms: round(quantile(sorted, 0.25)),
           q3_ms: round(quantile(sorted, 0.75)), frames: sorted.length };
}

// Frames at one zoom, alternating subject / empty page / empty timeline frame by frame.
async function measureZoom(subject, floors, share, wanted, timeout) {
  const ours = [], page = [], bare = [];
  let redrew = 0;
  for (let i = 0; i < wanted + WARM_UP; i++) {
    const centre = CENTRES[i % CENTRES.length];
    const a = await capped(subject.page.evaluate((s, c) => window.bench.frame(s, c), share, centre), timeout);
    const b = await capped(floors.page.page.evaluate(() => window.bench.emptyFrame()), timeout);
    const c = (await capped(floors.timeline.page.evaluate((s, c) => window.bench.frame(s, c), share, centre), timeout)).ms;
    if (i < WARM_UP) {
      if (i === WARM_UP - 1 && a.ms > SLOW_FRAME_MS) wanted = Math.min(wanted, SLOW_FRAMES);
      continue;
    }
    ours.push(a.ms); page.push(b); bare.push(c);
    redrew += a.redrew ? 1 : 0;
  }
  return { ...summary(ours), redrew, empty_page_ms: summary(page).median_ms, empty_timeline_ms: summary(bare).median_ms };
}

async function measureConfig(itemsFile, n, cluster, floors, opts) {
  const row = { n, cluster, first_render_ms: null, status: "ok", frames: [], drawn: null };
  let subject = null;
  try {
    subject = await openPage(itemsFile);
    row.first_render_ms = Math.round(await capped(subject.page.evaluate((c) => window.bench.firstRender(c, false), cluster), opts.timeout));
    row.drawn = await capped(subject.page.evaluate(() => window.bench.counts()), opts.timeout);
    if (opts.screenshots) {
      await capped(subject.page.screenshot({ path: path.join(opts.screenshots, `vis-${n}-${cluster ? "cluster" : "plain"}.png`) }), opts.timeout);
    }
  } catch (err) {
    if (!(err instanceof TimedOut)) throw err;
    row.status = `first render ${err.message}`;
    row.frames = Object.keys(ZOOMS).map((zoom) => ({ zoom, status: "not measured: the first render did not finish" }));
    await stop(subject);
    return row;
  }
  for (const [zoom, share] of Object.entries(ZOOMS)) {
    if (row.status !== "ok") {
      row.frames.push({ zoom, status: "not measured: the browser was stopped after a timeout" });
      continue;
    }
    try {
      row.frames.push({ zoom, status: "ok", ...(await measureZoom(subject, floors, share, opts.frames, opts.timeout)) });
    } catch (err) {
      if (!(err instanceof TimedOut)) throw err;
      row.status = `a frame at ${zoom} ${err.message}`;
      row.frames.push({ zoom, status: `a frame ${err.message}` });
    }
  }
  await stop(subject);
  return row;
}

async function main() {
  const opts = options(process.argv.slice(2));
  if (opts.screenshots) fs.mkdirSync(opts.screenshots, { recursive: true });
  const started = Date.now();
  const results = { tool: "vis-timeline", rows: [], timeout_s: opts.timeout, frames_per_zoom: opts.frames,
                    versions: {}, loadavg_at_start: require("os").loadavg().map((x) => Math.round(x * 100) / 100) };
  for (const name of ["vis-timeline", "vis-data", "moment", "puppeteer-core"]) {
    results.versions[name] = require(`${name}/package.json`).version;
  }
  const emptyPage = await openPage(null);
  results.versions.chromium = await emptyPage.browser.version();
  try {
    for (const n of opts.sizes) {
      const itemsFile = path.join(opts.items, `items-${n}.js`);
      // vis-timeline's floor: the same two timelines, same groups and ranges, no items
      const emptyTimeline = await openPage(itemsFile);
      await capped(emptyTimeline.page.evaluate(() => window.bench.firstRender(false, true)), opts.timeout);
      const floors = { page: emptyPage, timeline: emptyTimeline };
      for (const cluster of [false, true]) {
        process.stderr.write(`[peers] vis-timeline N=${n.toLocaleString("en")} clustering ${cluster ? "on" : "off"}\n`);
        results.rows.push(await measureConfig(itemsFile, n, cluster, floors, opts));
      }
      await stop(emptyTimeline);
    }
  } finally {
    await stop(emptyPage);
  }
  results.seconds = Math.round((Date.now() - started) / 100) / 10;
  results.loadavg_at_end = require("os").loadavg().map((x) => Math.round(x * 100) / 100);
  const text = JSON.stringify(results, null, 2) + "\n";
  if (opts.json) fs.writeFileSync(opts.json, text);
  else process.stdout.write(text);
}

main().catch((err) => {
  process.stderr.write(`[peers] ${err.stack || err}\n`);
  process.exit(1);
});
