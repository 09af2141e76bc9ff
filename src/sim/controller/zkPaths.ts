/** Kafka's znode paths and their JSON, as KafkaZkClient writes them (ZkData.scala). */
export const BROKER_IDS = "/brokers/ids";
export const BROKER_TOPICS = "/brokers/topics";
export const CONTROLLER = "/controller";
export const CONTROLLER_EPOCH = "/controller_epoch";

export const brokerIdPath = (id: number) => `${BROKER_IDS}/${id}`;
export const topicPath = (topic: string) => `${BROKER_TOPICS}/${topic}`;
export const partitionStatePath = (topic: string, partition: number) =>
  `${BROKER_TOPICS}/${topic}/partitions/${partition}/state`;

export interface LeaderIsrAndControllerEpoch {
  leader: number;
  leader_epoch: number;
  isr: number[];
  controller_epoch: number;
}

export function partitionStateJson(s: LeaderIsrAndControllerEpoch): string {
  return JSON.stringify({
    controller_epoch: s.controller_epoch,
    leader: s.leader,
    version: 1,
    leader_epoch: s.leader_epoch,
    isr: s.isr,
  });
}

export function topicAssignmentJson(assignment: number[][]): string {
  const partitions: Record<string, number[]> = {};
  assignment.forEach((replicas, p) => {
    partitions[String(p)] = replicas;
  });
  return JSON.stringify({ version: 2, partitions, adding_replicas: {}, removing_replicas: {} });
}

export function parseTopicAssignment(json: string): number[][] {
  const parsed = JSON.parse(json) as { partitions: Record<string, number[]> };
  const out: number[][] = [];
  for (const [p, replicas] of Object.entries(parsed.partitions)) out[Number(p)] = replicas;
  return out;
}

export function brokerJson(id: number, now: number): string {
  return JSON.stringify({
    version: 5,
    host: `broker-${id}`,
    port: 9092,
    endpoints: [`PLAINTEXT://broker-${id}:9092`],
    timestamp: String(now),
  });
}

export function controllerJson(id: number, now: number): string {
  return JSON.stringify({ version: 1, brokerid: id, timestamp: String(now) });
}
