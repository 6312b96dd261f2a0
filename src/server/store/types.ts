/**
 * The persistence contract of the consultation module, "like a bank counter": every write is
 * atomic, retried submissions never create duplicates, a contribution only moves along the allowed
 * transitions, and every change made to a contribution leaves a line in an append-only audit log
 * written in the same transaction.
 *
 * Two adapters implement it with the same behaviour (one shared test suite): SQLite (embedded
 * default) and PostgreSQL. The store never sees an IP address nor a receipt code: callers pass
 * keyed hashes. Timestamps are ISO 8601 strings in UTC with milliseconds (`Date#toISOString`).
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const CONTRIBUTION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

export interface Contribution {
  /** Random, URL-safe (base64url, 22 characters). */
  id: string;
  consultation: string;
  /** The register entry the contribution is about, when given (one of the consultation's uses). */
  entry: string | null;
  /** `null` once erased (withdrawn by the contributor, or rejected and past the retention delay). */
  answers: JsonObject | null;
  pseudonym: string | null;
  profile: JsonObject | null;
  createdAt: string;
  updatedAt: string;
  status: ContributionStatus;
  /** Rule of the charter given when rejecting (a reason id); `null` when approved or never moderated. */
  moderationReason: string | null;
  moderator: string | null;
  moderatedAt: string | null;
  /** When the answers, pseudonym and profile were erased; `null` while they are kept. */
  erasedAt: string | null;
  /** Hash of the receipt code handed to the contributor. */
  receiptHash: string;
  /** Unique per consultation: a retried submission returns the first record. */
  idempotencyKey: string;
}

/** What may be published or archived: no receipt hash, no idempotency key, no moderator. */
export interface PublishedContribution {
  id: string;
  consultation: string;
  entry: string | null;
  answers: JsonObject;
  pseudonym: string | null;
  profile: JsonObject | null;
  createdAt: string;
  moderatedAt: string;
}

export interface NewContribution {
  consultation: string;
  entry?: string | null;
  answers: JsonObject;
  pseudonym?: string | null;
  profile?: JsonObject | null;
  receiptHash: string;
  idempotencyKey: string;
}

export interface CreateResult {
  contribution: Contribution;
  /** `false` when the idempotency key was already used for this consultation (the first record is returned). */
  created: boolean;
}

export type ModerationDecision = { decision: 'approve'; moderator: string } | { decision: 'reject'; moderator: string; reasonId: string };

export type ModerationResult =
  | { ok: true; contribution: Contribution }
  | { ok: false; error: 'not_found' }
  /** Only a pending contribution can be moderated; `status` is the one it has. */
  | { ok: false; error: 'not_pending'; status: ContributionStatus };

/** Which decision a moderator takes back: the one they saw (a decision changed since is left alone). */
export interface UndoDecision {
  moderator: string;
  from: 'approved' | 'rejected';
}

export type UndoResult =
  | { ok: true; contribution: Contribution }
  | { ok: false; error: 'not_found' }
  /** The contribution no longer has the status the moderator saw (`status` is the one it has). */
  | { ok: false; error: 'status_changed'; status: ContributionStatus }
  /** Its content was erased (retention): there is nothing left to publish or to moderate again. */
  | { ok: false; error: 'erased' };

export type WithdrawResult =
  | { ok: true; contribution: Contribution }
  | { ok: false; error: 'not_found' }
  | { ok: false; error: 'already_withdrawn'; contribution: Contribution };

export interface ListQuery {
  consultation: string;
  status?: ContributionStatus;
  /** 1 to 500; 50 by default. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

export interface ListPage {
  /** Oldest first (creation time, then id). Keyset pagination: moderating items while paging skips none. */
  items: Contribution[];
  nextCursor: string | null;
}

export interface ConsultationCounts {
  byStatus: Record<ContributionStatus, number>;
  /** Rejected contributions (still `rejected`) per reason id. */
  rejectedByReason: Record<string, number>;
}

export interface PurgeOptions {
  /** Pending contributions created, and rejected ones moderated, more than this long ago. */
  olderThanMs: number;
  /** Written in the audit log; `system` by default. */
  actor?: string;
}

export interface StaffAccount {
  login: string;
  passwordHash: string;
  createdAt: string;
  disabledAt: string | null;
}

export type CreateStaffResult = { ok: true; account: StaffAccount } | { ok: false; error: 'exists' };

/** A moderator's session: the cookie holds a random token, the database only its hash. */
export interface StaffSession {
  tokenHash: string;
  login: string;
  createdAt: string;
  expiresAt: string;
}

export interface LoginThrottle {
  key: string;
  failures: number;
  firstFailureAt: string;
  lastFailureAt: string;
}

export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  count: number;
  windowStart: string;
  resetAt: string;
}

export interface CountedLimit {
  key: string;
  windowMs: number;
  max: number;
}

/** A contribution that passed every check that needs no database, with the two counters it meets. */
export interface Admission {
  /** Every form received counts here, whatever comes next. */
  attempts: CountedLimit;
  /** Counted only for a contribution actually stored. */
  quota: CountedLimit;
  contribution: NewContribution;
}

export type AdmissionResult =
  | { kind: 'too-many-attempts'; hit: RateLimitHit }
  /** The same idempotency key was already used: the first contribution; nothing counted but the attempt. */
  | { kind: 'duplicate'; contribution: Contribution }
  /** `hit.count` is the count this contribution would have made; the quota is left as it was. */
  | { kind: 'over-quota'; hit: RateLimitHit }
  | { kind: 'created'; contribution: Contribution };

export interface AuditInput {
  actor: string;
  action: string;
  target?: string | null;
  reason?: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  reason: string | null;
}

export interface AuditQuery {
  target?: string;
  /** Entries with a smaller id (older) only; for paging backwards. */
  beforeId?: number;
  /** 1 to 1000; 100 by default. */
  limit?: number;
}

/** Actions the store itself writes in the audit log, in the same transaction as the change. */
export const AUDIT_ACTIONS = {
  approve: 'contribution.approve',
  reject: 'contribution.reject',
  withdraw: 'contribution.withdraw',
  /** An approval or a rejection taken back: the contribution is pending again; the reason says which status it left. */
  undo: 'contribution.undo',
  /** A pending contribution past the delay: deleted. */
  purgePending: 'contribution.purge',
  /** A rejected contribution past the delay: answers, pseudonym and profile erased, the row kept for the figures. */
  eraseRejected: 'contribution.erase',
  /** A published contribution once its consultation is archived: pseudonym and profile erased, the answers kept. */
  anonymiseApproved: 'contribution.anonymise',
} as const;

/** Actor written in the audit log when a contributor withdraws with their receipt code. */
export const CONTRIBUTOR_ACTOR = 'contributor';

export interface ContributionStore {
  readonly dialect: 'sqlite' | 'postgres';

  // Contributions
  create(input: NewContribution): Promise<CreateResult>;
  get(id: string): Promise<Contribution | null>;
  getByReceiptHash(receiptHash: string): Promise<Contribution | null>;
  /**
   * The end of an intake, in order: counts the attempt; unless over its limit, returns the earlier
   * contribution with this idempotency key, else counts the quota and, unless over it, stores the
   * contribution. One round trip on PostgreSQL, where several servers share the counters.
   */
  admit(admission: Admission): Promise<AdmissionResult>;
  /** The contribution already sent with this form (its idempotency key), if any. */
  getByIdempotencyKey(consultation: string, idempotencyKey: string): Promise<Contribution | null>;
  list(query: ListQuery): Promise<ListPage>;
  /** From `pending` only; records who, when and (when rejecting) why; audited. */
  moderate(id: string, decision: ModerationDecision): Promise<ModerationResult>;
  /**
   * Takes back a decision: an approved or rejected contribution (still in the status `from`, its
   * content not erased) goes back to pending, its reason, moderator and date cleared, to be
   * moderated again; audited with the status it left. A withdrawn one, an erased one, or one whose
   * status changed in between is left as it is. Once pending again, the retention delay (counted
   * from its creation) applies to it as to any pending contribution.
   */
  undoDecision(id: string, undo: UndoDecision): Promise<UndoResult>;
  /** The contributor deletes their own: answers, pseudonym and profile erased, the record kept as `withdrawn`; audited. */
  withdraw(receiptHash: string): Promise<WithdrawResult>;
  /**
   * Retention: pending contributions older than the delay are deleted; rejected ones moderated
   * longer ago than the delay have their content erased but keep their status and reason, so the
   * published figures do not change. One audit line per contribution. Returns how many were touched.
   */
  purge(options: PurgeOptions): Promise<number>;
  /**
   * Once the consultation is archived in content/: the pseudonym and profile of its approved
   * contributions are erased (the archive holds the answers without them, the profiles only in
   * aggregate). One audit line per contribution. Returns how many were touched.
   */
  anonymiseApproved(consultation: string, actor: string): Promise<number>;
  counts(consultation: string): Promise<ConsultationCounts>;
  /** Approved contributions, oldest first, in their publishable shape. */
  exportApproved(consultation: string): Promise<PublishedContribution[]>;

  // Staff accounts and login throttling
  createStaff(login: string, passwordHash: string): Promise<CreateStaffResult>;
  getStaff(login: string): Promise<StaffAccount | null>;
  listStaff(): Promise<StaffAccount[]>;
  setStaffPasswordHash(login: string, passwordHash: string): Promise<StaffAccount | null>;
  setStaffDisabled(login: string, disabled: boolean): Promise<StaffAccount | null>;
  createSession(session: { tokenHash: string; login: string; ttlMs: number }): Promise<StaffSession>;
  /** The session if it exists, has not expired and its account is not disabled. */
  getSession(tokenHash: string): Promise<StaffSession | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of an account (password changed, account removed); returns how many. */
  deleteSessionsOf(login: string): Promise<number>;
  /** Counts a failed login for `key` (opaque); failures older than the window start a new count. */
  recordLoginFailure(key: string, windowMs: number): Promise<LoginThrottle>;
  getLoginThrottle(key: string): Promise<LoginThrottle | null>;
  clearLoginFailures(key: string): Promise<void>;

  // Rate limits: fixed windows keyed on an opaque string (a keyed hash computed by the caller),
  // aligned on multiples of their length since the epoch (a window records its hour, not a time).
  hitRateLimit(key: string, windowMs: number): Promise<RateLimitHit>;
  /** Gives back one hit of the current window (a hit that turned out not to count). */
  releaseRateLimit(key: string, windowMs: number): Promise<void>;
  /** Deletes rate-limit windows and login-failure records untouched for longer than `olderThanMs`, and expired sessions. */
  pruneCounters(olderThanMs: number): Promise<number>;

  // Audit log: append and read, nothing else (the database refuses UPDATE and DELETE too)
  appendAudit(entry: AuditInput): Promise<AuditEntry>;
  /** Newest first. */
  listAudit(query?: AuditQuery): Promise<AuditEntry[]>;

  /** Throws unless a contribution could be written now (file or database writable, schema in place). */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Time source, for tests; `() => new Date()` by default. */
  clock?: () => Date;
}
