/**
 * The tables' rows as the drivers return them, and their reading into the store's types. Both
 * adapters share the columns; they differ only in how a timestamp (`Date` from pg, ISO text from
 * SQLite) and a JSON column (parsed by pg, text in SQLite) come out.
 */
import { requireStatus } from './common.ts';
import type { Contribution, JsonObject, LoginThrottle, PublishedContribution, StaffAccount, StaffSession } from './types.ts';

export interface ContributionColumns<Time, Json> {
  id: string;
  consultation: string;
  entry: string | null;
  answers: Json | null;
  pseudonym: string | null;
  profile: Json | null;
  created_at: Time;
  updated_at: Time;
  status: string;
  moderation_reason: string | null;
  moderator: string | null;
  moderated_at: Time | null;
  erased_at: Time | null;
  receipt_hash: string;
  idempotency_key: string;
}

export interface StaffColumns<Time> {
  login: string;
  password_hash: string;
  created_at: Time;
  disabled_at: Time | null;
}

export interface SessionColumns<Time> {
  token_hash: string;
  login: string;
  created_at: Time;
  expires_at: Time;
}

export interface ThrottleColumns<Time> {
  key: string;
  failures: number;
  first_failure_at: Time;
  last_failure_at: Time;
}

export interface ColumnReaders<Time, Json> {
  /** A timestamp as an ISO 8601 string in UTC. */
  time: (value: Time) => string;
  /** A JSON column holding an object, `null` kept. */
  json: (value: Json | null) => JsonObject | null;
}

/** The row readers of an adapter, given how its driver returns timestamps and JSON. */
export function rowReaders<Time, Json>({ time, json }: ColumnReaders<Time, Json>) {
  const timeOrNull = (value: Time | null): string | null => (value === null ? null : time(value));
  return {
    toContribution(row: ContributionColumns<Time, Json>): Contribution {
      return {
        id: row.id,
        consultation: row.consultation,
        entry: row.entry,
        answers: json(row.answers),
        pseudonym: row.pseudonym,
        profile: json(row.profile),
        createdAt: time(row.created_at),
        updatedAt: time(row.updated_at),
        status: requireStatus(row.status),
        moderationReason: row.moderation_reason,
        moderator: row.moderator,
        moderatedAt: timeOrNull(row.moderated_at),
        erasedAt: timeOrNull(row.erased_at),
        receiptHash: row.receipt_hash,
        idempotencyKey: row.idempotency_key,
      };
    },
    /** An approved contribution in its publishable shape. */
    toPublished(row: ContributionColumns<Time, Json>): PublishedContribution {
      return {
        id: row.id,
        consultation: row.consultation,
        entry: row.entry,
        answers: json(row.answers) ?? {},
        pseudonym: row.pseudonym,
        profile: json(row.profile),
        createdAt: time(row.created_at),
        moderatedAt: time(row.moderated_at ?? row.updated_at),
      };
    },
    toStaff(row: StaffColumns<Time>): StaffAccount {
      return {
        login: row.login,
        passwordHash: row.password_hash,
        createdAt: time(row.created_at),
        disabledAt: timeOrNull(row.disabled_at),
      };
    },
    toThrottle(row: ThrottleColumns<Time>): LoginThrottle {
      return { key: row.key, failures: row.failures, firstFailureAt: time(row.first_failure_at), lastFailureAt: time(row.last_failure_at) };
    },
    toSession(row: SessionColumns<Time>): StaffSession {
      return { tokenHash: row.token_hash, login: row.login, createdAt: time(row.created_at), expiresAt: time(row.expires_at) };
    },
  };
}
