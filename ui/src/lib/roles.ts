// What each role may approve and which routed queues it works. The queues mirror
// the back end's `works_queue`; the limits themselves live in the policy file,
// which the desk does not read, so the words name them without amounts.

import type { QueueName, Role } from "../ipc/bindings";

const RANK: Record<Role, number> = { agent: 0, senior: 1, finance: 2 };

/** Whether an agent of `role` may give an approval that needs `required`. */
export function roleCovers(role: Role, required: Role): boolean {
  return (RANK[role] ?? 0) >= (RANK[required] ?? 0);
}

const QUEUES: Record<Role, QueueName[]> = {
  agent: ["general"],
  senior: ["senior_support", "trust_safety"],
  finance: ["billing"],
};

/** The routed queues an agent of `role` works: tickets routed there come first in their queue. */
export function queuesWorkedBy(role: Role): QueueName[] {
  return QUEUES[role] ?? [];
}

const ABILITIES: Record<Role, string> = {
  agent:
    "Every action the policy allows outright, and refunds or reships within the agent limits per action and per day. Above those, a senior or finance must approve.",
  senior:
    "Everything an agent can, and refunds or reships within the senior limits per action and per day. Above those, finance must approve.",
  finance: "Everything the policy allows, including refunds and reships up to the finance limits, if the policy sets any.",
};

/** What an agent of `role` can approve, in words. */
export function roleAbilities(role: Role): string {
  return ABILITIES[role] ?? "";
}
