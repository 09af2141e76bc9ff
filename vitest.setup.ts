import "@testing-library/jest-dom/vitest";
import { afterEach } from "vitest";

// Only component tests (// @vitest-environment jsdom) have a DOM; engine tests run in plain node.
if (typeof document !== "undefined") {
  const { cleanup } = await import("@testing-library/react");
  afterEach(cleanup);
  // jsdom has no canvas; the message layer skips drawing when there is no 2D context.
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
}
