import { useEffect, useRef } from "react";
import type { MessageView } from "../../sim";
import { useSim } from "../../store/simStore";
import { useView } from "../../store/viewStore";
import { deliveredSinceLastFrame, onWire } from "../../store/wire";
import { type ClusterLayout, messageEnds, messagePoint } from "./layout";
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

interface Seen {
  message: MessageView;
  firstSeenWall: number;
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/**
 * The in-flight messages, on a canvas over the SVG. It redraws from a
 * transient store subscription (no React render per frame); the store's
 * requestAnimationFrame loop is what makes frames.
 */
export function MessageLayer({ layout }: { layout: ClusterLayout }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const seen = useRef(new Map<number, Seen>());

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const ctx = canvas.getContext("2d");
    if (ctx === null) return;

    const draw = () => {
      const { snapshot, playing } = useSim.getState();
      const { hiddenKinds } = useView.getState();
      const reduced = prefersReducedMotion();
      const wall = performance.now();
      const dpr = window.devicePixelRatio || 1;
      const cssWidth = canvas.clientWidth;
      const cssHeight = canvas.clientHeight;
      if (canvas.width !== Math.round(cssWidth * dpr) || canvas.height !== Math.round(cssHeight * dpr)) {
        canvas.width = Math.round(cssWidth * dpr);
        canvas.height = Math.round(cssHeight * dpr);
      }
      const scale = (cssWidth / layout.width) * dpr;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.setTransform(scale, 0, 0, scale, 0, 0);

      // Track what is on the wire now, and keep recently seen messages a little longer while playing.
      const live = new Set<number>();
      for (const m of snapshot.inFlight) {
        live.add(m.id);
        const s = seen.current.get(m.id);
        if (s === undefined) seen.current.set(m.id, { message: m, firstSeenWall: wall });
        else s.message = m;
      }
      // Messages sent and delivered between two frames never show up in flight: pick them up too.
      if (playing && !reduced) {
        const delivered = deliveredSinceLastFrame();
        for (const m of delivered.slice(-MAX_DELIVERED_PER_FRAME))
          if (!seen.current.has(m.id)) seen.current.set(m.id, { message: m, firstSeenWall: wall });
      }
      for (const [id, s] of seen.current) {
        const ghostDone = !playing || reduced || wall - s.firstSeenWall >= MIN_VISIBLE_WALL_MS;
        if (!live.has(id) && ghostDone) seen.current.delete(id);
      }

      ctx.font = "bold 9px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      for (const { message: m, firstSeenWall } of seen.current.values()) {
        if (hiddenKinds.has(m.kind)) continue;
        const style = KIND_STYLE.get(m.kind);
        if (style === undefined) continue;
        const span = m.deliverAt - m.sentAt;
        const simProgress = span > 0 ? (snapshot.now - m.sentAt) / span : 1;
        const wallProgress = playing ? (wall - firstSeenWall) / MIN_VISIBLE_WALL_MS : simProgress;
        const progress = reduced ? 0.5 : Math.min(1, Math.max(0, Math.min(simProgress, wallProgress)));
        const [from, to] = messageEnds(layout, m.from, m.to);
        const p = messagePoint(from, to, progress);
        ctx.globalAlpha = m.retransmissions > 0 ? 0.6 : 1;
        ctx.beginPath();
        ctx.arc(p.x, p.y, DOT_RADIUS, 0, Math.PI * 2);
        ctx.fillStyle = style.colour;
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = "#222";
        ctx.stroke();
        ctx.fillStyle = letterColour(style.colour);
        ctx.fillText(style.letter, p.x, p.y + 0.5);
      }
      ctx.globalAlpha = 1;
    };

    draw();
    // The wire module updates the delivered messages first, then calls back once per published frame.
    const unsubscribeSim = onWire(draw);
    const unsubscribeView = useView.subscribe(draw);
    const resize = new ResizeObserver(draw);
    resize.observe(canvas);
    return () => {
      unsubscribeSim();
      unsubscribeView();
      resize.disconnect();
    };
  }, [layout]);

  return <canvas ref={canvasRef} className="message-layer" />;
}
