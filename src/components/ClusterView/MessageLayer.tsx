import { useEffect, useRef } from "react";
import type { MessageView } from "../../sim";
import { markFirstRender } from "../../store/benchHook";
import { liveFrame, useSim } from "../../store/simStore";
import { useView } from "../../store/viewStore";
import { deliveredSinceLastFrame, onWire } from "../../store/wire";
import { type ClusterLayout, controlPoint, messageEnds } from "./layout";
import { KIND_STYLE, letterColour } from "./messageKinds";

/**
 * Messages on the wire travel for a few simulated milliseconds: far less than
 * a frame at 1×. Each one is drawn for at least this much wall time, so a
 * message the view catches in flight can be seen.
 */
const MIN_VISIBLE_WALL_MS = 450;
const DOT_RADIUS = 7;
/** At high speeds thousands of messages arrive per frame: draw only the newest this many of them. */
const MAX_DELIVERED_PER_FRAME = 120;
/** ...and at most this many dots in all (the newest), so a busy cluster cannot make a frame long. */
const MAX_DOTS = 600;

/**
 * A dot per kind (and per look: first send or retransmission) is drawn once
 * into a small canvas at the current scale and then stamped with drawImage:
 * far cheaper than a path, a stroke and a fillText for every message.
 */
interface Sprites {
  scale: number;
  size: number;
  byKind: Map<string, [normal: CanvasImageSource, retransmitted: CanvasImageSource]>;
}

function makeSprites(scale: number): Sprites | null {
  const size = Math.ceil((DOT_RADIUS + 1.5) * 2 * scale);
  const byKind: Sprites["byKind"] = new Map();
  for (const [kind, style] of KIND_STYLE) {
    const looks: CanvasImageSource[] = [];
    for (const alpha of [1, 0.6]) {
      const c = document.createElement("canvas");
      c.width = size;
      c.height = size;
      const g = c.getContext("2d");
      if (g === null) return null;
      g.setTransform(scale, 0, 0, scale, size / 2, size / 2);
      g.globalAlpha = alpha;
      g.beginPath();
      g.arc(0, 0, DOT_RADIUS, 0, Math.PI * 2);
      g.fillStyle = style.colour;
      g.fill();
      g.lineWidth = 1;
      g.strokeStyle = "#222";
      g.stroke();
      g.font = "bold 9px system-ui, sans-serif";
      g.textAlign = "center";
      g.textBaseline = "middle";
      g.fillStyle = letterColour(style.colour);
      g.fillText(style.letter, 0, 0.5);
      looks.push(c);
    }
    byKind.set(kind, [looks[0], looks[1]]);
  }
  return { scale, size, byKind };
}

/** A message's way across the drawing: a quadratic curve from a through control point c to b. */
interface Path {
  ax: number;
  ay: number;
  cx: number;
  cy: number;
  bx: number;
  by: number;
}

interface Seen {
  message: MessageView;
  firstSeenWall: number;
  path: Path;
}

const reducedMotion =
  typeof matchMedia === "function" ? matchMedia("(prefers-reduced-motion: reduce)") : { matches: false };

/**
 * The in-flight messages, on a canvas over the SVG. It redraws every engine
 * frame from the store's live frame (no React render per frame), while the
 * SVG around it follows the snapshot a few times a second; the store's
 * requestAnimationFrame loop is what makes frames.
 */
export function MessageLayer({ layout }: { layout: ClusterLayout }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const seen = useRef(new Map<number, Seen>());
  const sprites = useRef<Sprites | null>(null);
  const size = useRef({ width: 0, height: 0 });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const ctx = canvas.getContext("2d");
    if (ctx === null) return;

    // The layout is fixed for this effect: each pair of nodes' path is worked out once, each message's once.
    const paths = new Map<string, Path>();
    const pathOf = (m: MessageView): Path => {
      const pair = `${m.from}>${m.to}`;
      let path = paths.get(pair);
      if (path === undefined) {
        const [a, b] = messageEnds(layout, m.from, m.to);
        const c = controlPoint(a, b);
        path = { ax: a.x, ay: a.y, cx: c.x, cy: c.y, bx: b.x, by: b.y };
        paths.set(pair, path);
      }
      return path;
    };
    seen.current.clear();

    const draw = () => {
      const { playing } = useSim.getState();
      const frame = liveFrame();
      const { hiddenKinds } = useView.getState();
      const reduced = reducedMotion.matches;
      const wall = performance.now();
      const dpr = window.devicePixelRatio || 1;
      // The size the ResizeObserver reported: reading clientWidth here could force a layout in the middle of a frame.
      const { width: cssWidth, height: cssHeight } = size.current;
      if (canvas.width !== Math.round(cssWidth * dpr) || canvas.height !== Math.round(cssHeight * dpr)) {
        canvas.width = Math.round(cssWidth * dpr);
        canvas.height = Math.round(cssHeight * dpr);
      }
      const scale = (cssWidth / layout.width) * dpr;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);

      // Track what is on the wire now, and keep recently seen messages a little longer while playing.
      const live = new Set<number>();
      for (const m of frame.inFlight) {
        live.add(m.id);
        const s = seen.current.get(m.id);
        if (s === undefined) seen.current.set(m.id, { message: m, firstSeenWall: wall, path: pathOf(m) });
        else s.message = m;
      }
      // Messages sent and delivered between two frames never show up in flight: pick them up too.
      if (playing && !reduced) {
        const delivered = deliveredSinceLastFrame();
        for (const m of delivered.slice(-MAX_DELIVERED_PER_FRAME))
          if (!seen.current.has(m.id)) seen.current.set(m.id, { message: m, firstSeenWall: wall, path: pathOf(m) });
      }
      // Delivered messages fade out after a while; past MAX_DOTS the oldest go at once (they would not be drawn),
      // so a busy cluster does not make every frame walk thousands of them.
      let excess = seen.current.size - MAX_DOTS;
      for (const [id, s] of seen.current) {
        if (live.has(id)) continue;
        const ghostDone = !playing || reduced || wall - s.firstSeenWall >= MIN_VISIBLE_WALL_MS;
        if (ghostDone || excess > 0) {
          seen.current.delete(id);
          excess--;
        }
      }

      if (seen.current.size === 0 || !(scale > 0)) return;
      if (sprites.current === null || sprites.current.scale !== scale) sprites.current = makeSprites(scale);
      const sheet = sprites.current;
      if (sheet === null) return;
      const half = sheet.size / 2;
      let skip = seen.current.size - MAX_DOTS;
      for (const { message: m, firstSeenWall, path } of seen.current.values()) {
        if (skip-- > 0) continue;
        if (hiddenKinds.has(m.kind)) continue;
        const looks = sheet.byKind.get(m.kind);
        if (looks === undefined) continue;
        const span = m.deliverAt - m.sentAt;
        const simProgress = span > 0 ? (frame.now - m.sentAt) / span : 1;
        const wallProgress = playing ? (wall - firstSeenWall) / MIN_VISIBLE_WALL_MS : simProgress;
        const progress = reduced ? 0.5 : Math.min(1, Math.max(0, Math.min(simProgress, wallProgress)));
        // The point at `progress` along the path (messagePoint, without an object per dot).
        const u = 1 - progress;
        const a = u * u;
        const c = 2 * u * progress;
        const b = progress * progress;
        const x = a * path.ax + c * path.cx + b * path.bx;
        const y = a * path.ay + c * path.cy + b * path.by;
        ctx.drawImage(looks[m.retransmissions > 0 ? 1 : 0], Math.round(x * scale - half), Math.round(y * scale - half));
      }
    };

    size.current = { width: canvas.clientWidth, height: canvas.clientHeight };
    draw();
    markFirstRender();
    // The wire module updates the delivered messages first, then calls back once per engine frame.
    const unsubscribeSim = onWire(draw);
    const unsubscribeView = useView.subscribe(draw);
    const resize = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box !== undefined) size.current = { width: box.width, height: box.height };
      draw();
    });
    resize.observe(canvas);
    return () => {
      unsubscribeSim();
      unsubscribeView();
      resize.disconnect();
    };
  }, [layout]);

  return <canvas ref={canvasRef} className="message-layer" />;
}
