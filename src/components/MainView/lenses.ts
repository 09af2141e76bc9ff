// The lenses, one lazily loaded chunk (see MainView).
export { BrokerLens } from "../Lenses/BrokerLens";
export { ConsumerLens } from "../Lenses/ConsumerLens";
export { GroupsLens } from "../Lenses/GroupsLens";
export { PartitionsLens } from "../Lenses/PartitionsLens";
export { ProducerLens } from "../Lenses/ProducerLens";
export { QueuePubSubLens } from "../Lenses/QueuePubSubLens";
export { ReplicationLens } from "../Lenses/ReplicationLens";
export { ZooKeeperLens } from "../Lenses/ZooKeeperLens";
