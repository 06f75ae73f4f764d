/** The `explore` section of a report: what the report layer renders; `src/explore` fills it. */
import type { Clause, StepExpectation } from '../spec/types';
import type { ActualResponse } from './verdict';

/** The kinds of constraint a member carries, as the table names them; documented rules are `rule`. */
/** What a fault breaks: a member kind of the registry (`required`, `length`, `enum`, `type`, ...), or `rule` for a documented rule. */
export type ViolationKind = string;

/** How often one constraint or rule was seen kept (its member present and valid) and broken. */
export interface Touch {
  kept: number;
  broken: number;
}

/** How much of the operation's constraints and documented rules the generated requests touched. */
export interface CoverageSummary {
  constraints: { total: number; kept: number; broken: number; both: number };
  rules: { total: number; kept: number; broken: number; both: number };
  /** `member kind` or `rule id` of those never broken by any request. */
  neverBroken: string[];
  /** Those never sent at all (the member or the rule's path was never in a request). */
  untouched: string[];
}

/** Why the oracle expected what it did, one fault at a time. */
export interface FindingReason {
  at: string;
  member: string;
  kind: ViolationKind;
  rule?: string;
  message: string;
}

/** One disagreement between the target and the reference validator, shrunk to a smallest request. */
export interface Finding {
  /** The id of the case it was saved as (also its row in `cases`). */
  id: string;
  title: string;
  /** The kind of rule the case rests on (`baseline` for a valid request the target refused). */
  kind: ViolationKind | 'baseline';
  /** The seed of the fast-check run that found it, and the path that replays its smallest request. */
  seed: number;
  path: string;
  /** The request as a template (`{name}`, `{model}`): what `--save` stores and `run --cases` replays. */
  request: Record<string, unknown>;
  /** The request as it was sent. */
  sent: Record<string, unknown>;
  expected: StepExpectation;
  /** The oracle's reasons for a rejection (empty for an accept). */
  why: FindingReason[];
  clause: Clause;
  actual: ActualResponse;
  /** The judge's checks that disagreed, one line each. */
  disagreements: string[];
  /** Shrinking: steps taken, requests sent, time, and the sizes (JSON bytes) before and after. */
  shrink: { steps: number; requests: number; ms: number; fromBytes: number; toBytes: number };
  /**
   * The smallest request sent again after shrinking (fresh names, same oracle): how many were answered and how
   * many of them showed the same deviation. Absent in reports written before confirming existed.
   */
  confirmation?: { sent: number; recurred: number };
  /** Did not recur every time it was sent again: listed under `flaky`, not a deviation, not in the exit code. */
  flaky?: true;
}

/** Counts of what an exploration sent and what came back. */
export interface ExploreCounts {
  /** Requests sent, exploring and shrinking. */
  sent: number;
  shrinking: number;
  /** What the oracle expected: accepted, and rejected by kind of rule broken (a request breaking two kinds counts under both). */
  expectedAccept: number;
  expectedReject: number;
  rejectedByKind: Record<string, number>;
  /** What the target answered. */
  answeredAccept: number;
  answeredReject: number;
  answeredByCode: Record<string, number>;
  /** Requests the target did not answer in the protocol (no answer, throttled to the end, a body past --max-body). */
  errors: number;
  /** Disagreements already known from an earlier finding of this run (not shrunk again). */
  repeats: number;
  /** Requests sending a finding's smallest request again to confirm it. */
  confirming: number;
}

/** The `explore` section of a report. */
export interface ExploreSection {
  seed: number;
  budget: { ms: number; requests: number; shrinkMs: number };
  /** Why the exploration ended: the time or request budget, the finding limit, or an interrupt. */
  stoppedBy: 'time' | 'requests' | 'findings' | 'interrupted' | 'not-started';
  durationMs: number;
  requestsPerSecond: number;
  counts: ExploreCounts;
  coverage: CoverageSummary;
  /** Deviations: findings that recurred every time their smallest request was sent again. */
  findings: Finding[];
  /** Findings that did not recur every time: the target's noise, or a deviation that comes and goes; never in the exit code. */
  flaky: Finding[];
  /** The line that replays this exploration. */
  replay: string;
  /** The file the findings were saved to (`--save`). */
  saved?: string;
}
