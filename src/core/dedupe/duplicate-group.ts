/** One resolved cluster of duplicate records of one customer. */
export interface DuplicateGroup {
  /** Stable id of the cluster: the master's phone id. */
  clusterId: string;
  customerId: string;
  masterId: string;
  /** Every member's phone id, master included, sorted. */
  memberIds: string[];
  /** The accepted links that formed the cluster. */
  pairs: { a: string; b: string; probability: number }[];
}
