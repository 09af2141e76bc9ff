import { ClusterView } from "../ClusterView/ClusterView";

/** The main diagram: the cluster view, or one of the eight lenses. */
export function MainView() {
  return <ClusterView />;
}
