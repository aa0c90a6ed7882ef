package io.qosb.schedule;

import io.qosb.store.ActivationStore;
import io.qosb.store.Job;
import io.qosb.store.SqlBookingRepository;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due jobs: a periodic sweep (the safety net), a timer for the earliest job due before the next
 * sweep, and an immediate run when a committed transaction wrote a job due now. Jobs are claimed
 * with a lease so that schedulers of several replicas on one store run each job once. A failed job
 * is retried with a growing backoff, at most {@code maxAttempts} times, then given up. Runs of one
 * scheduler never overlap: a run asked for during another starts after it.
 */
final class Scheduler {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  /** Claim rounds per run, so that one run ends even while jobs keep falling due. */
  private static final int MAX_ROUNDS = 20;

  private final Vertx vertx;
  private final ActivationStore store;
  private final JobRunner runner;
  private final ScheduleOptions options;
  private final Clock clock;
  private final ActivationMetrics metrics;
  private final String owner = "sched-" + UUID.randomUUID();
  private Future<Integer> tail = Future.succeededFuture(0);
  private Future<Integer> queued;
  private MessageConsumer<Long> consumer;
  private long sweepTimer = -1;
  private long nearTimer = -1;
  private Instant nearDue;

  Scheduler(Vertx vertx, ActivationStore store, JobRunner runner, ScheduleOptions options, Clock clock,
      ActivationMetrics metrics) {
    this.vertx = Objects.requireNonNull(vertx);
    this.store = Objects.requireNonNull(store);
    this.runner = Objects.requireNonNull(runner);
    this.options = Objects.requireNonNull(options);
    this.clock = Objects.requireNonNull(clock);
    this.metrics = Objects.requireNonNull(metrics);
  }

  /** Starts the sweep, the near-job timer and the listener for new jobs. */
  synchronized void start() {
    consumer = vertx.eventBus().localConsumer(SqlBookingRepository.JOBS_SCHEDULED_ADDRESS, msg -> onScheduled(msg.body()));
    sweepTimer = vertx.setPeriodic(options.sweepInterval().toMillis(), id -> runAndArm());
    runAndArm();
  }

  /** Stops every timer; a run in progress completes. */
  synchronized Future<Void> stop() {
    vertx.cancelTimer(sweepTimer);
    cancelNear();
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered.compose(v -> tail).mapEmpty();
  }

  /**
   * Claims and runs every job due now, in rounds until none is left.
   *
   * @return the number of jobs run
   */
  synchronized Future<Integer> runDue() {
    if (queued != null) {
      return queued;
    }
    Promise<Integer> next = Promise.promise();
    queued = next.future();
    tail.onComplete(previous -> {
      synchronized (this) {
        queued = null;
      }
      rounds(0, 0).compose(n -> store.counts().map(c -> {
        metrics.update(c);
        return n;
      })).onComplete(next);
    });
    tail = next.future();
    return next.future();
  }

  private Future<Integer> rounds(int done, int round) {
    if (round >= MAX_ROUNDS) {
      return Future.succeededFuture(done);
    }
    Instant now = clock.instant();
    return store.claimDue(owner, now, options.leaseDuration(), options.batchSize()).compose(jobs -> {
      if (jobs.isEmpty()) {
        return Future.succeededFuture(done);
      }
      List<Future<Void>> runs = jobs.stream().map(this::execute).toList();
      return Future.join(runs).transform(v -> rounds(done + jobs.size(), round + 1));
    });
  }

  private Future<Void> execute(Job job) {
    if (job.attempts() > options.maxAttempts()) {
      return giveUp(job, "attempts exhausted (earlier runs did not finish)");
    }
    return runner.run(job).transform(ar -> {
      Instant now = clock.instant();
      if (ar.succeeded()) {
        metrics.run(job.kind(), ActivationMetrics.Result.DONE);
        return store.completeJob(job, owner, now).mapEmpty();
      }
      String error = String.valueOf(ar.cause().getMessage());
      if (job.attempts() >= options.maxAttempts()) {
        return giveUp(job, error);
      }
      Duration wait = options.backoff(job.attempts());
      LOG.warn("job failed, retrying in {} [kind: {}, bookingId: {}, attempt: {}]: {}", wait, job.kind(), job.bookingId(),
          job.attempts(), error);
      metrics.run(job.kind(), ActivationMetrics.Result.RETRIED);
      return store.retryJob(job, owner, now.plus(wait), error, now).mapEmpty();
    });
  }

  private Future<Void> giveUp(Job job, String error) {
    LOG.error("job given up [kind: {}, bookingId: {}, attempts: {}]: {}", job.kind(), job.bookingId(), job.attempts(), error);
    metrics.run(job.kind(), ActivationMetrics.Result.FAILED);
    return runner.giveUp(job).transform(v -> store.failJob(job, owner, error, clock.instant())).mapEmpty();
  }

  private void runAndArm() {
    runDue().onFailure(e -> LOG.warn("job run failed: {}", e.getMessage()))
        .eventually(() -> store.nextDue().onSuccess(due -> due.ifPresent(this::armNear)));
  }

  private void onScheduled(Long dueMillis) {
    if (dueMillis != null) {
      armNear(Instant.ofEpochMilli(dueMillis));
    }
  }

  /** Arms the one timer for a job due before the next sweep, unless an earlier one is armed. */
  private synchronized void armNear(Instant due) {
    long delay = Duration.between(clock.instant(), due).toMillis();
    if (delay > options.sweepInterval().toMillis() || (nearDue != null && !due.isBefore(nearDue))) {
      return;
    }
    cancelNear();
    nearDue = due;
    nearTimer = vertx.setTimer(Math.max(1, delay), id -> {
      synchronized (this) {
        nearDue = null;
        nearTimer = -1;
      }
      runAndArm();
    });
  }

  private void cancelNear() {
    if (nearTimer >= 0) {
      vertx.cancelTimer(nearTimer);
    }
    nearTimer = -1;
    nearDue = null;
  }
}
