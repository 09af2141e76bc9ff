import { create } from "zustand";
import type { MessageKind } from "../sim";

/** UI preferences that are not part of the run. */
interface ViewState {
  /** Message kinds the cluster view does not draw. */
  hiddenKinds: ReadonlySet<MessageKind>;
  toggleKind(kind: MessageKind): void;
}

export const useView = create<ViewState>()((set) => ({
  hiddenKinds: new Set(),
  toggleKind: (kind) =>
    set(({ hiddenKinds }) => {
      const next = new Set(hiddenKinds);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return { hiddenKinds: next };
    }),
}));
