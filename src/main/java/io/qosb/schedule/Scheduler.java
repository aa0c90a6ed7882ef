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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due jobs: a periodic sweep (the safety net), a timer for the earliest job due before the next
 * sweep, and an immediate run when a committed transaction wrote a job due now. Jobs are claimed in
 * batches with a lease so that schedulers of several replicas on one store run each job once; the
 * {@link JobRunner} runs and settles them (retry with backoff, give-up). Within a run the next batch
 * is claimed while earlier ones are running, with at most {@code maxInFlight} jobs running at once.
 * Runs of one scheduler never overlap: a run asked for during another starts after it.
 */
final class Scheduler {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  /** Claims per run, so that one run ends even while jobs keep falling due. */
  private static final int MAX_ROUNDS = 100;

  private final Vertx vertx;
  private final ActivationStore store;
  private final JobRunner runner;
  private final ScheduleOptions options;
  private final Clock clock;
  private final ActivationMetrics metrics;
  private final String owner;
  private Future<Integer> tail = Future.succeededFuture(0);
  private Future<Integer> queued;
  private MessageConsumer<Long> consumer;
  private long sweepTimer = -1;
  private long nearTimer = -1;
  private Instant nearDue;

  /**
   * @param owner the lease owner, the one {@code runner} settles its jobs as
   */
  Scheduler(Vertx vertx, ActivationStore store, JobRunner runner, ScheduleOptions options, Clock clock,
      ActivationMetrics metrics, String owner) {
    this.vertx = Objects.requireNonNull(vertx);
    this.store = Objects.requireNonNull(store);
    this.runner = Objects.requireNonNull(runner);
    this.options = Objects.requireNonNull(options);
    this.clock = Objects.requireNonNull(clock);
    this.metrics = Objects.requireNonNull(metrics);
    this.owner = Objects.requireNonNull(owner);
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
      new Run().start().compose(n -> store.counts().map(c -> {
        metrics.update(c);
        return n;
      })).onComplete(next);
    });
    tail = next.future();
    return next.future();
  }

  /**
   * One run: claims batches of at most {@code batchSize} while jobs are due and fewer than
   * {@code maxInFlight} claimed jobs are running, so that the next batch is claimed while earlier
   * ones wait for the NEF. Claims are made one after another, never two at once. After a claim that
   * found nothing it claims again only when a running batch settles (which may have written new jobs,
   * like START); it ends when nothing is due and nothing is running.
   */
  private final class Run {
    private final Promise<Integer> done = Promise.promise();
    private int running;
    private int ran;
    private int rounds;
    private boolean claiming;
    private boolean idle;
    /** A batch settled while a claim was under way: what it wrote may have been missed by that claim. */
    private boolean settledDuringClaim;

    Future<Integer> start() {
      pump();
      return done.future();
    }

    private synchronized void pump() {
      if (claiming || done.future().isComplete()) {
        return;
      }
      if (idle || rounds >= MAX_ROUNDS) {
        if (running == 0) {
          done.complete(ran);
        }
        return;
      }
      int room = Math.min(options.batchSize(), options.maxInFlight() - running);
      if (room <= 0) {
        return;
      }
      claiming = true;
      settledDuringClaim = false;
      rounds++;
      store.claimDue(owner, clock.instant(), options.leaseDuration(), room).onComplete(ar -> claimed(ar.result(),
          ar.cause()));
    }

    private void claimed(List<Job> jobs, Throwable failure) {
      synchronized (this) {
        claiming = false;
        if (failure != null) {
          LOG.warn("claiming jobs failed: {}", failure.getMessage());
          rounds = MAX_ROUNDS;
        } else if (jobs.isEmpty()) {
          idle = !settledDuringClaim;
        } else {
          running += jobs.size();
          ran += jobs.size();
          runner.run(jobs).onComplete(x -> settled(jobs.size()));
        }
      }
      pump();
    }

    private void settled(int jobs) {
      synchronized (this) {
        running -= jobs;
        idle = false;
        settledDuringClaim = claiming;
      }
      pump();
    }
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
