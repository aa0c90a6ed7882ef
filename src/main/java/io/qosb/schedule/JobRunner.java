package io.qosb.schedule;

import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingEvent;
import io.qosb.booking.BookingState;
import io.qosb.booking.JobKind;
import io.qosb.booking.JobRequest;
import io.qosb.nef.BatchActivator;
import io.qosb.nef.BatchDeactivator;
import io.qosb.nef.SubscriptionManager;
import io.qosb.store.ActivationStore;
import io.qosb.store.ActivationTx;
import io.qosb.store.Job;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a claimed batch of jobs and settles each one (done; retried after a growing backoff; after
 * {@code maxAttempts}, given up), in the transaction of its work wherever it has one:
 * <ul>
 *   <li>the batch's ACTIVATE jobs go to the NEF together through the {@link BatchActivator} and are
 *       settled in its result transaction;</li>
 *   <li>the batch's START and END jobs change their bookings and write the device jobs they cause
 *       (one batch insert per booking) in one transaction, which also completes them;</li>
 *   <li>the batch's DEACTIVATE jobs go to the NEF together through the {@link BatchDeactivator} and are
 *       settled in its result transaction, the same way;</li>
 * </ul>
 * A job whose work failed is settled in a transaction of its own; a job claimed with its attempts
 * exhausted (earlier runs died) is given up without running. Every job is idempotent: running it
 * again after a crash is safe. Settling checks the lease, so a job taken over by another scheduler is
 * left to it.
 */
final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  private static final List<String> NO_LOCKS = List.of();

  private final ActivationStore store;
  private final SubscriptionManager subscriptions;
  private final BatchActivator activator;
  private final BatchDeactivator deactivator;
  private final ActivationMetrics metrics;
  private final ScheduleOptions options;
  private final String owner;
  private final Clock clock;

  JobRunner(ActivationStore store, SubscriptionManager subscriptions, BatchActivator activator,
      BatchDeactivator deactivator, ActivationMetrics metrics, ScheduleOptions options, String owner, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.subscriptions = Objects.requireNonNull(subscriptions);
    this.activator = Objects.requireNonNull(activator);
    this.deactivator = Objects.requireNonNull(deactivator);
    this.metrics = Objects.requireNonNull(metrics);
    this.options = Objects.requireNonNull(options);
    this.owner = Objects.requireNonNull(owner);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Runs and settles the jobs claimed by {@code owner}; completes when all are settled, never fails. */
  Future<Void> run(List<Job> batch) {
    List<Future<Void>> runs = new ArrayList<>();
    List<Job> activations = new ArrayList<>();
    List<Job> deactivations = new ArrayList<>();
    List<Job> bookingJobs = new ArrayList<>();
    for (Job job : batch) {
      if (job.attempts() > options.maxAttempts()) {
        runs.add(settleAlone(job, new IllegalStateException("attempts exhausted (earlier runs did not finish)")));
      } else if (job.kind() == JobKind.ACTIVATE) {
        activations.add(job);
      } else if (job.kind() == JobKind.DEACTIVATE) {
        deactivations.add(job);
      } else {
        bookingJobs.add(job);
      }
    }
    if (!activations.isEmpty()) {
      runs.add(activate(activations));
    }
    if (!deactivations.isEmpty()) {
      runs.add(deactivate(deactivations));
    }
    if (!bookingJobs.isEmpty()) {
      runs.add(bookingJobs(bookingJobs));
    }
    return Future.join(runs).<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * START and END jobs in one transaction, in booking order; if it fails, each job runs in a
   * transaction of its own, so that one booking's problem does not hold up the others.
   */
  private Future<Void> bookingJobs(List<Job> jobs) {
    List<Job> sorted = jobs.stream().sorted(Comparator.comparing(Job::bookingId)).toList();
    return store.inTransaction(NO_LOCKS, tx -> {
      Future<Void> chain = Future.succeededFuture();
      for (Job job : sorted) {
        chain = chain.compose(v -> job.kind() == JobKind.START ? start(tx, job) : end(tx, job));
      }
      return chain.compose(v -> tx.completeJobs(sorted, owner, clock.instant()));
    }).onSuccess(v -> sorted.forEach(job -> metrics.run(job.kind(), ActivationMetrics.Result.DONE))).recover(e -> {
      if (jobs.size() == 1) {
        return settleAlone(jobs.get(0), e);
      }
      LOG.warn("booking jobs failed together, running them one by one [jobs: {}]: {}", jobs.size(), e.getMessage());
      return Future.join(jobs.stream().map(job -> bookingJobs(List.of(job))).toList()).mapEmpty();
    });
  }

  private Future<Void> activate(List<Job> jobs) {
    return activator.activate(requests(jobs), (tx, results) -> settle(tx, jobs, results))
        .recover(e -> retryAll(jobs, e, "activation"));
  }

  private Future<Void> deactivate(List<Job> jobs) {
    return deactivator.deactivate(requests(jobs), (tx, results) -> settle(tx, jobs, results))
        .recover(e -> retryAll(jobs, e, "deactivation"));
  }

  private static List<BatchActivator.Request> requests(List<Job> jobs) {
    return jobs.stream().map(j -> new BatchActivator.Request(j.bookingId(), j.deviceKey())).toList();
  }

  /** In a batch's result transaction: completes the jobs that succeeded, retries or gives up the others. */
  private Future<Void> settle(ActivationTx tx, List<Job> jobs, List<BatchActivator.Result> results) {
    Instant now = clock.instant();
    List<Job> done = new ArrayList<>();
    List<Integer> failed = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      BatchActivator.Result r = results.get(i);
      Job job = jobs.get(i);
      if (!r.succeeded()) {
        failed.add(i);
        continue;
      }
      done.add(job);
      metrics.run(job.kind(), ActivationMetrics.Result.DONE);
      if (r.outcome() == SubscriptionManager.Outcome.ACTIVATED) {
        metrics.lag(Duration.between(job.dueAt(), now));
      }
    }
    // give-ups lock their booking: in booking order, like every multi-booking transaction
    failed.sort(Comparator.comparing(i -> jobs.get(i).bookingId()));
    Future<Void> chain = tx.completeJobs(done, owner, now);
    for (int i : failed) {
      chain = chain.compose(v -> failed(tx, jobs.get(i), results.get(i).failure(), now));
    }
    return chain;
  }

  /** A batch whose transaction failed: every job of it is retried (or given up), in one transaction. */
  private Future<Void> retryAll(List<Job> jobs, Throwable cause, String what) {
    LOG.warn("{} batch failed, every job of it is retried [jobs: {}]: {}", what, jobs.size(), cause.getMessage());
    return store.inTransaction(NO_LOCKS, tx -> {
      Instant now = clock.instant();
      Future<Void> chain = Future.succeededFuture();
      for (Job job : jobs.stream().sorted(Comparator.comparing(Job::bookingId)).toList()) {
        chain = chain.compose(v -> failed(tx, job, cause, now));
      }
      return chain;
    }).onFailure(e -> LOG.warn("settling a {} batch failed, its leases run out [jobs: {}]: {}", what, jobs.size(),
        e.getMessage()));
  }

  private Future<Void> settleAlone(Job job, Throwable failure) {
    return store.inTransaction(NO_LOCKS, tx -> failed(tx, job, failure, clock.instant()))
        .onFailure(e -> LOG.warn("settling a job failed, its lease runs out [kind: {}, bookingId: {}]: {}", job.kind(),
            job.bookingId(), e.getMessage()));
  }

  /** Retries the job after its backoff or, after the last attempt, gives it up (an ACTIVATE's device fails). */
  private Future<Void> failed(ActivationTx tx, Job job, Throwable cause, Instant now) {
    String error = String.valueOf(cause.getMessage());
    if (job.attempts() >= options.maxAttempts()) {
      LOG.error("job given up [kind: {}, bookingId: {}, attempts: {}]: {}", job.kind(), job.bookingId(), job.attempts(),
          error);
      metrics.run(job.kind(), ActivationMetrics.Result.FAILED);
      Future<Void> gaveUp = job.kind() == JobKind.ACTIVATE
          ? subscriptions.giveUp(tx, job.bookingId(), job.deviceKey()) : Future.succeededFuture();
      return gaveUp.compose(v -> tx.failJob(job, owner, error, now)).mapEmpty();
    }
    Duration wait = options.backoff(job.attempts());
    LOG.warn("job failed, retrying in {} [kind: {}, bookingId: {}, attempt: {}]: {}", wait, job.kind(), job.bookingId(),
        job.attempts(), error);
    metrics.run(job.kind(), ActivationMetrics.Result.RETRIED);
    return tx.retryJob(job, owner, now.plus(wait), error, now).mapEmpty();
  }

  /** The window opens: ACTIVE, and a job per device assigned by now; a window already closed only expires. */
  private Future<Void> start(ActivationTx tx, Job job) {
    Instant now = clock.instant();
    return tx.lockBooking(job.bookingId()).compose(found -> {
      Booking b = found.orElse(null);
      if (b == null || b.status().isTerminal()) {
        return Future.succeededFuture();
      }
      if (!now.isBefore(b.end())) {
        LOG.info("window closed before activation, booking expired [bookingId: {}]", b.id());
        return tx.updateBooking(b.withStatus(BookingEvent.EXPIRE, b.end())).mapEmpty();
      }
      Future<Booking> active = b.status().state() == BookingState.ACTIVE ? Future.succeededFuture(b)
          : tx.updateBooking(b.withStatus(BookingEvent.ACTIVATE, now));
      return active.compose(a -> tx.assignments(a.id())).compose(assignments -> {
        LOG.info("booking activated [bookingId: {}, devices: {}]", b.id(), assignments.size());
        return tx.scheduleAll(assignments.stream()
            .filter(a -> AssignmentState.holdingSlot().contains(a.state()))
            .map(a -> JobRequest.activate(b.id(), a.device().key(), job.dueAt())).toList());
      });
    });
  }

  /** The window closed or the booking was deleted: expire it, release its devices, remove their QoS. */
  private Future<Void> end(ActivationTx tx, Job job) {
    Instant now = clock.instant();
    return tx.lockBooking(job.bookingId()).compose(found -> {
      Booking b = found.orElse(null);
      if (b != null && !b.status().isTerminal() && now.isBefore(b.end())) {
        LOG.warn("end job before the end of a live booking ignored [bookingId: {}]", b.id());
        return Future.succeededFuture();
      }
      Future<Void> expired = b == null || b.status().isTerminal() ? Future.succeededFuture()
          : tx.updateBooking(b.withStatus(BookingEvent.EXPIRE, b.end())).mapEmpty();
      return expired.compose(v -> b == null ? Future.succeededFuture() : release(tx, b))
          .compose(v -> tx.subscriptionsOfBooking(job.bookingId()))
          .compose(subs -> tx.scheduleAll(subs.stream().filter(s -> s.state().mayExistOnNef())
              .map(s -> JobRequest.deactivate(s.bookingId(), s.deviceKey(), now)).toList()));
    });
  }

  private static Future<Void> release(ActivationTx tx, Booking b) {
    return tx.assignments(b.id()).compose(assignments -> tx.updateAssignmentStates(assignments.stream()
        .filter(a -> a.state().allows(AssignmentState.Event.RELEASE)).toList(), AssignmentState.RELEASED));
  }
}
