// What bench/peers/run.js calls inside the page (window.bench). Each call resolves after the
// frames it caused have been laid out and painted by the renderer's main thread: a
// requestAnimationFrame callback runs after vis-timeline's own (it redraws in one, throttled),
// and a message posted from it is delivered only after that frame's style, layout and paint.
// vis-timeline often redraws again in the next frames (its 'changed' event says when), so a
// measurement ends with the paint of the last frame that redrew, once two frames pass quietly.
"use strict";

const CALENDAR_HEIGHT = 720;  // px of the 1080-px viewport; the narrative timeline has the rest
const NARRATIVE_HEIGHT = 360;

function nextPaint() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
  });
}

// The end (performance.now()) of the paint of the last frame in which a timeline redrew.
async function settled() {
  let seen = window.bench.redraws;
  let end = null;
  for (let quiet = 0; quiet < 2;) {
    await nextPaint();
    if (window.bench.redraws !== seen || end === null) {
      seen = window.bench.redraws;
      end = performance.now();
      quiet = 0;
    } else {
      quiet++;
    }
  }
  return end;
}

function asItems(rows) {
  return rows.map(([id, group, content, start, end]) =>
    end === null ? { id, group, content, start } : { id, group, content, start, end });
}

window.bench = {
  timelines: [],
  ranges: [],
  redraws: 0,

  // Milliseconds from creating the two timelines (their DataSets included) to the end of their
  // first painted frame. The items are plain objects already: turning the file into them is
  // not timed (Factline's load is measured apart from its window, too).
  async firstRender(cluster, empty) {
    const data = window.FACTLINE_ITEMS;
    const calendarGroups = data.groups.filter((g) => g.id !== "screen");
    const narrativeGroups = data.groups.filter((g) => g.id === "screen");
    const panes = [
      ["calendar", calendarGroups, CALENDAR_HEIGHT],
      ["narrative", narrativeGroups, NARRATIVE_HEIGHT],
    ].map(([kind, groups, height]) => ({ kind, groups, height, items: empty ? [] : asItems(data[kind].items) }));
    this.ranges = panes.map((p) => data[p.kind].range);
    const start = performance.now();
    this.timelines = panes.map((p, i) => {
      const options = { start: this.ranges[i][0], end: this.ranges[i][1], height: p.height + "px" };
      if (cluster) options.cluster = true;
      const timeline = new vis.Timeline(document.getElementById(p.kind), new vis.DataSet(p.items),
                                        new vis.DataSet(p.groups), options);
      timeline.on("changed", () => { this.redraws++; });
      return timeline;
    });
    return (await settled()) - start;
  },

  // Milliseconds from setting both timelines' windows (as bench/run.py sets Factline's panes)
  // to the end of the frame that shows them, and whether vis-timeline redrew at all.
  async frame(share, centre) {
    const before = this.redraws;
    const start = performance.now();
    this.timelines.forEach((timeline, i) => {
      const [lo, hi] = this.ranges[i];
      const span = (hi - lo) * share;
      const mid = lo + (hi - lo) * (share < 1 ? centre : 0.5 + (centre - 0.5) * 0.02);
      timeline.setWindow(mid - span / 2, mid + span / 2, { animation: false });
    });
    const end = await settled();
    return { ms: end - start, redrew: this.redraws !== before };
  },

  // The browser's own floor: a frame of an empty page in which one tiny text changes.
  async emptyFrame() {
    const start = performance.now();
    document.getElementById("tick").textContent = String(start);
    await nextPaint();
    return performance.now() - start;
  },

  counts() {
    return { items: document.querySelectorAll(".vis-item").length,
             clusters: document.querySelectorAll(".vis-cluster").length };
  },
};
