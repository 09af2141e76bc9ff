/**
 * The cluster diagram as a standalone SVG or PNG file. The app styles its
 * SVG with CSS (and CSS variables), which a lone file does not have, so the
 * computed styles are copied onto the clone as SVG presentation attributes
 * (fill="…", not style="…": the page's Content Security Policy forbids inline
 * styles and would refuse, and report, every style attribute set).
 */
const STYLE_PROPS = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "text-anchor",
  "dominant-baseline",
  "visibility",
  "display",
  "color",
];

/** The cluster view's diagram: a view may mark it with data-export; otherwise the first diagram in the main area. */
export function findDiagram(root: ParentNode = document): SVGSVGElement | null {
  return (
    root.querySelector<SVGSVGElement>("svg[data-export]") ??
    root.querySelector<SVGSVGElement>('svg[aria-label="Cluster diagram"]') ??
    root.querySelector<SVGSVGElement>("main svg")
  );
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** A copy of `svg`, in `doc`, with each element's computed style written onto it. */
function styledClone(svg: SVGSVGElement, doc: XMLDocument): SVGSVGElement {
  const clone = doc.importNode(svg, true);
  const source = [svg, ...svg.querySelectorAll("*")];
  const target = [clone, ...clone.querySelectorAll("*")];
  const view = svg.ownerDocument.defaultView;
  if (view !== null) {
    source.forEach((el, i) => {
      const computed = view.getComputedStyle(el);
      const out = target[i] as SVGElement;
      for (const p of STYLE_PROPS) {
        const v = computed.getPropertyValue(p);
        if (v !== "") out.setAttribute(p, v);
      }
    });
  }
  return clone;
}

/**
 * A diagram may be drawn in layers: sibling <svg data-export-part> elements in the same user space
 * (the cluster view draws each broker card in its own). Their contents join the file in page order.
 */
function parts(svg: SVGSVGElement): SVGSVGElement[] {
  return [...(svg.parentElement?.querySelectorAll<SVGSVGElement>(":scope > svg[data-export-part]") ?? [])];
}

export function serializeDiagram(svg: SVGSVGElement): { text: string; width: number; height: number } {
  const doc = svg.ownerDocument.implementation.createDocument(SVG_NS, null, null);
  const clone = styledClone(svg, doc);
  for (const part of parts(svg)) {
    const layer = doc.createElementNS(SVG_NS, "g");
    const partClone = styledClone(part, doc);
    for (const p of STYLE_PROPS) {
      const v = partClone.getAttribute(p);
      if (v !== null) layer.setAttribute(p, v);
    }
    layer.append(...partClone.childNodes);
    clone.append(layer);
  }
  const box = svg.viewBox?.baseVal;
  const rect = svg.getBoundingClientRect();
  const width = Math.round(box && box.width > 0 ? box.width : rect.width || 800);
  const height = Math.round(box && box.height > 0 ? box.height : rect.height || 600);
  clone.setAttribute("xmlns", SVG_NS);
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  // Interactive bits mean nothing in a file.
  for (const el of clone.querySelectorAll("[tabindex]")) el.removeAttribute("tabindex");
  const view = svg.ownerDocument.defaultView;
  const background = view?.getComputedStyle(svg.ownerDocument.body).backgroundColor || "#ffffff";
  const bg = doc.createElementNS(SVG_NS, "rect");
  bg.setAttribute("width", "100%");
  bg.setAttribute("height", "100%");
  bg.setAttribute("fill", background);
  clone.insertBefore(bg, clone.firstChild);
  return { text: new XMLSerializer().serializeToString(clone), width, height };
}

export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function svgBlob(svg: SVGSVGElement): Blob {
  return new Blob([serializeDiagram(svg).text], { type: "image/svg+xml" });
}

/** Rasterise through an <img> and a canvas, at twice the diagram's size for sharp text. */
export function pngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const { text, width, height } = serializeDiagram(svg);
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  return new Promise<Blob>((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = width * scale;
      canvas.height = height * scale;
      const ctx = canvas.getContext("2d");
      if (ctx === null) {
        URL.revokeObjectURL(url);
        reject(new Error("this browser cannot draw on a canvas"));
        return;
      }
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0, width, height);
      URL.revokeObjectURL(url);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the canvas produced no image"))), "image/png");
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("the diagram could not be drawn as an image"));
    };
    img.src = url;
  });
}
