/**
 * Moderator accounts, managed from the command line only (no sign-up page). Every change is
 * written in the audit log. "Removing" an account disables it and ends its sessions: the login
 * stays attached to the decisions it signed in the audit log and cannot be handed to someone else.
 */
import type { ContributionStore, StaffAccount } from '../store/types.ts';
import { hashPassword, passwordProblem } from './password.ts';

/** Who the audit log names for changes made from the command line. */
export const CLI_ACTOR = 'ligne-de-commande';
export const ACCOUNT_ACTIONS = {
  create: 'staff.create',
  disable: 'staff.disable',
  enable: 'staff.enable',
  password: 'staff.password',
} as const;

/** A refusal to show as is to whoever runs the command. */
export class ModeratorError extends Error {}

const LOGIN = /^[a-z0-9][a-z0-9._@-]{0,62}[a-z0-9]$/;

function loginProblem(login: string): string | null {
  return LOGIN.test(login)
    ? null
    : `Identifiant « ${login} » invalide : de 2 à 64 caractères, lettres minuscules sans accent, chiffres, point, tiret, tiret bas ou @, commençant et finissant par une lettre ou un chiffre.`;
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new ModeratorError(problem);
}

/** The account, or a French error naming the login. */
export async function existingAccount(store: ContributionStore, login: string): Promise<StaffAccount> {
  const account = await store.getStaff(login);
  if (!account) throw new ModeratorError(`Aucun compte « ${login} ».`);
  return account;
}

export async function checkNewLogin(store: ContributionStore, login: string): Promise<void> {
  const problem = loginProblem(login);
  if (problem) throw new ModeratorError(problem);
  const account = await store.getStaff(login);
  if (account) {
    throw new ModeratorError(
      account.disabledAt
        ? `Le compte « ${login} » existe déjà ; il est désactivé (réactivez-le avec « enable »).`
        : `Le compte « ${login} » existe déjà.`,
    );
  }
}

export async function addModerator(store: ContributionStore, login: string, password: string): Promise<StaffAccount> {
  await checkNewLogin(store, login);
  checkPassword(password);
  const created = await store.createStaff(login, await hashPassword(password));
  if (!created.ok) throw new ModeratorError(`Le compte « ${login} » existe déjà.`);
  await store.appendAudit({ actor: CLI_ACTOR, action: ACCOUNT_ACTIONS.create, target: login });
  return created.account;
}

/** A new password ends the account's open sessions. */
export async function setModeratorPassword(store: ContributionStore, login: string, password: string): Promise<number> {
  await existingAccount(store, login);
  checkPassword(password);
  await store.setStaffPasswordHash(login, await hashPassword(password));
  const ended = await store.deleteSessionsOf(login);
  await store.appendAudit({ actor: CLI_ACTOR, action: ACCOUNT_ACTIONS.password, target: login });
  return ended;
}

/** Disables the account and ends its sessions; returns how many sessions were ended. */
export async function removeModerator(store: ContributionStore, login: string): Promise<number> {
  const account = await existingAccount(store, login);
  if (account.disabledAt) throw new ModeratorError(`Le compte « ${login} » est déjà désactivé.`);
  await store.setStaffDisabled(login, true);
  const ended = await store.deleteSessionsOf(login);
  await store.appendAudit({ actor: CLI_ACTOR, action: ACCOUNT_ACTIONS.disable, target: login });
  return ended;
}

export async function enableModerator(store: ContributionStore, login: string): Promise<void> {
  const account = await existingAccount(store, login);
  if (!account.disabledAt) throw new ModeratorError(`Le compte « ${login} » est déjà actif.`);
  await store.setStaffDisabled(login, false);
  await store.appendAudit({ actor: CLI_ACTOR, action: ACCOUNT_ACTIONS.enable, target: login });
}
