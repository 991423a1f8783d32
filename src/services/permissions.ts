import type { Actor } from './context.ts';
import { forbidden } from './errors.ts';
import type { Role } from '../store/schema.ts';

/** What each role may do, server-side; see DESIGN.md "Who uses it". */
export const abilities = {
  readPlans: ['admin', 'coordinator', 'leader', 'reporter'],
  editPlans: ['coordinator'],
  reviewProgress: ['coordinator'],
  readAllProgress: ['admin', 'coordinator', 'leader'],
  submitProgress: ['reporter'],
  /** 协办反馈: a cooperating department's input to the lead department (checked per task in services/inputs.ts). */
  sendInputs: ['reporter'],
  readInputs: ['coordinator', 'leader', 'reporter'],
  writeComments: ['coordinator', 'leader', 'reporter'],
  writeInstructions: ['leader'],
  manageTenant: ['admin'],
  readDirectory: ['admin', 'coordinator', 'leader', 'reporter'],
  readAudit: ['admin', 'coordinator'],
  manageSupervision: ['admin', 'coordinator'],
  issueNotices: ['coordinator'],
  replyNotices: ['reporter'],
  approveAdjustments: ['leader'],
  manageWebhooks: ['admin', 'coordinator'],
} as const satisfies Record<string, readonly Role[]>;

export type Ability = keyof typeof abilities;

export function can(actor: Actor, ability: Ability): boolean {
  if (actor.role === 'system') return true;
  return (abilities[ability] as readonly Role[]).includes(actor.role);
}

/** Throw 403 unless the actor has the ability. */
export function requireAbility(actor: Actor, ability: Ability): void {
  if (!can(actor, ability)) throw forbidden();
}
