import { vol } from "../broker/broker";
import { emit } from "../core/engine";
import { onControllerEpoch } from "../monitor";
import type { BrokerNode, World } from "../world";
import { zkRequest } from "../zookeeper/client";
import type { ZkResult } from "../zookeeper/types";
import { startController } from "./controller";
import { CONTROLLER, CONTROLLER_EPOCH, controllerJson } from "./zkPaths";

/**
 * Controller election through ZooKeeper (KafkaController.elect): read
 * /controller; if nobody holds it, read /controller_epoch and in one multi
 * create the ephemeral /controller and bump the epoch, conditional on the
 * epoch's version. The loser of the race reads who won and watches.
 */
export function startControllerElection(w: World, node: BrokerNode): void {
  const v = vol(node);
  if (v.status === "shutting-down" || !v.registered) return;
  zkRequest(w, node, v.zk, [{ op: "exists", path: CONTROLLER, watch: true }], "controller.check");
}

export function onElectionReply(w: World, node: BrokerNode, purpose: string, results: ZkResult[], ctx: unknown): void {
  const v = vol(node);
  const me = node.durable.id;
  const r = results[0];
  switch (purpose) {
    case "controller.check":
      if (r.ok && r.exists) {
        v.controllerId = controllerIdOf(r.data);
      } else if (r.ok) {
        zkRequest(w, node, v.zk, [{ op: "getData", path: CONTROLLER_EPOCH }], "elect.readEpoch");
      }
      return;
    case "controller.read":
      if (r.ok) {
        v.controllerId = controllerIdOf(r.data);
        if ((ctx as { raced?: boolean } | null)?.raced)
          emit(w, { t: w.now, type: "controller.lost-race", broker: me, winner: v.controllerId });
      } else {
        startControllerElection(w, node);
      }
      return;
    case "elect.readEpoch": {
      const epoch = r.ok ? Number(r.data) : 0;
      const version = r.ok ? (r.version ?? 0) : -1;
      const register = { op: "create" as const, path: CONTROLLER, data: controllerJson(me, w.now), ephemeral: true };
      const bump =
        version >= 0
          ? { op: "setData" as const, path: CONTROLLER_EPOCH, data: String(epoch + 1), version }
          : { op: "create" as const, path: CONTROLLER_EPOCH, data: String(epoch + 1) };
      zkRequest(w, node, v.zk, [register, bump], "elect.register", { epoch: epoch + 1, zkVersion: version + 1 }, true);
      return;
    }
    case "elect.register": {
      const c = ctx as { epoch: number; zkVersion: number };
      if (results.every((x) => x.ok)) {
        v.controllerId = me;
        v.controllerEpoch = Math.max(v.controllerEpoch, c.epoch);
        emit(w, { t: w.now, type: "controller.elected", broker: me, epoch: c.epoch });
        onControllerEpoch(w, c.epoch);
        startController(w, node, c.epoch, c.zkVersion);
      } else if (!r.ok && r.error === "NodeExists") {
        zkRequest(w, node, v.zk, [{ op: "getData", path: CONTROLLER, watch: true }], "controller.read", {
          raced: true,
        });
      } else {
        startControllerElection(w, node);
      }
      return;
    }
  }
}

function controllerIdOf(data: string | undefined): number {
  return data === undefined ? -1 : (JSON.parse(data) as { brokerid: number }).brokerid;
}
