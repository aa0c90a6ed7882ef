package io.qosb.store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * The in-process scheduler that takes jobs due at once straight from the transaction that wrote
 * them: such a job is written already claimed by {@code owner} for {@code lease} (attempt 1) and,
 * once its transaction committed, given to {@code receiver} instead of waiting for a claim. The row
 * is the recovery path: if the process dies before the job is settled, the lease runs out and any
 * scheduler's sweep claims it, as for a claimed job.
 *
 * @param owner the lease owner the receiver settles jobs as
 * @param lease how long a handed-off job stays claimed
 * @param clock decides which jobs are due at once
 * @param accepts whether the receiver takes this many more jobs now; if not, they are written unclaimed
 *     for a claim (a backlog waits in the store, not in memory with running leases)
 * @param receiver called after the commit with the jobs handed off, on the thread that completed it
 */
record HandOff(String owner, Duration lease, Clock clock, IntPredicate accepts, Consumer<List<Job>> receiver) {

  HandOff {
    Objects.requireNonNull(owner);
    Objects.requireNonNull(lease);
    Objects.requireNonNull(clock);
    Objects.requireNonNull(accepts);
    Objects.requireNonNull(receiver);
  }
}
