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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due jobs. A job due at once when it is written (a booking that starts now, its devices'
 * activations, a deletion's teardown) is handed off: the store writes it already claimed by this
 * scheduler and gives it here after its commit ({@code ActivationStore.handOff}), so it runs without
 * a claim; handed-off jobs are run in batches of at most {@code batchSize} as they arrive. Every other
 * job, and a handed-off job whose process died, is claimed by a run: a periodic sweep (the safety net),
 * a timer for the earliest job due before the next sweep, and an immediate run when a committed
 * transaction wrote a job due soon. Jobs are claimed in batches with a lease so that schedulers of
 * several replicas on one store run each job once; the {@link JobRunner} runs and settles them (retry
 * with backoff, give-up). Within a run the next batch is claimed while earlier ones are running. At
 * most {@code maxInFlight} jobs, claimed or handed off, run at once. Runs of one scheduler never
 * overlap: a run asked for during another starts after it.
 */
final class Scheduler {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  /** Claims per run, so that one run ends even while jobs keep falling due. */
  private static final int MAX_ROUNDS = 100;
  /** Batches of {@code maxInFlight} handed-off jobs that may wait or run at once. */
  private static final int HAND_OFF_ROUNDS = 4;

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
  /** Jobs running, claimed or handed off, plus the room reserved by a claim under way. */
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Handed-off jobs waiting for room, with when they were handed off. */
  private final ArrayDeque<Handed> handed = new ArrayDeque<>();
  private boolean drainArmed;
  /** Handed-off jobs waiting or running, and who waits for none to be left. */
  private int pendingHandOffs;
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  private volatile Run current;

  private record Handed(Job job, Instant at) {
  }

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

  /** Starts the hand-off, the sweep, the near-job timer and the listener for new jobs. */
  synchronized void start() {
    store.handOff(owner, options.leaseDuration(), clock, this::acceptsHandOff, this::onHandOff);
    consumer = vertx.eventBus().localConsumer(SqlBookingRepository.JOBS_SCHEDULED_ADDRESS, msg -> onScheduled(msg.body()));
    sweepTimer = vertx.setPeriodic(options.sweepInterval().toMillis(), id -> runAndArm());
    runAndArm();
  }

  /** Stops every timer; a run in progress completes. */
  synchronized Future<Void> stop() {
    store.stopHandOff(owner);
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
      current = this;
      done.future().onComplete(x -> current = null);
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
      int room = reserve();
      if (room <= 0) {
        return;
      }
      claiming = true;
      settledDuringClaim = false;
      rounds++;
      store.claimDue(owner, clock.instant(), options.leaseDuration(), room).onComplete(ar -> claimed(room,
          ar.result(), ar.cause()));
    }

    private void claimed(int reserved, List<Job> jobs, Throwable failure) {
      inFlight.addAndGet(-reserved + (jobs == null ? 0 : jobs.size()));
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
          runRenewing(jobs).onComplete(x -> settled(jobs.size()));
        }
      }
      pump();
    }

    private void settled(int jobs) {
      inFlight.addAndGet(-jobs);
      synchronized (this) {
        running -= jobs;
        idle = false;
        settledDuringClaim = claiming;
      }
      pump();
      drain();
    }
  }

  /**
   * Runs a batch, claimed or handed off, and renews its leases every third of the lease until it is
   * settled (issue 15 item 11): NEF calls with their retries may outlast the lease, and a lease that
   * ran out would let a claim, this scheduler's own sweep included, run a job again while its first
   * run still goes on. Settling checks the claim (owner and attempt), so a run whose job was claimed
   * again anyway (renewals failed) writes nothing.
   */
  private Future<Void> runRenewing(List<Job> batch) {
    long every = Math.max(1, options.leaseDuration().toMillis() / 3);
    long timer = vertx.setPeriodic(every, id -> store.renewLeases(batch, owner,
            clock.instant().plus(options.leaseDuration()))
        .onFailure(e -> LOG.warn("renewing leases failed [jobs: {}]: {}", batch.size(), e.getMessage())));
    return runner.run(batch).onComplete(x -> vertx.cancelTimer(timer));
  }

  /** Reserves room for a batch: at most {@code batchSize}, within {@code maxInFlight}; 0 if none. */
  private int reserve() {
    while (true) {
      int now = inFlight.get();
      int room = Math.min(options.batchSize(), options.maxInFlight() - now);
      if (room <= 0) {
        return 0;
      }
      if (inFlight.compareAndSet(now, now + room)) {
        return room;
      }
    }
  }

  /**
   * Completes when no handed-off job is waiting or running, including those written by handed-off
   * jobs that ran meanwhile.
   */
  synchronized Future<Void> handOffsIdle() {
    if (pendingHandOffs == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> idle = Promise.promise();
    idleWaiters.add(idle);
    return idle.future();
  }

  private void handOffsDone(int jobs) {
    List<Promise<Void>> waiters;
    synchronized (this) {
      pendingHandOffs -= jobs;
      if (pendingHandOffs > 0 || idleWaiters.isEmpty()) {
        return;
      }
      waiters = new ArrayList<>(idleWaiters);
      idleWaiters.clear();
    }
    waiters.forEach(Promise::complete);
  }

  /**
   * Whether {@code jobs} more may be handed off: while at most {@value #HAND_OFF_ROUNDS} x
   * {@code maxInFlight} would wait or run, so that handed-off jobs run well within their lease; a
   * larger backlog (a burst of activations) is written unclaimed and claimed batch by batch.
   */
  private synchronized boolean acceptsHandOff(int jobs) {
    return pendingHandOffs + jobs <= HAND_OFF_ROUNDS * options.maxInFlight();
  }

  /** Jobs a committed transaction wrote claimed by this scheduler: run them in the next drain. */
  private void onHandOff(List<Job> jobs) {
    Instant at = clock.instant();
    synchronized (this) {
      jobs.forEach(j -> handed.add(new Handed(j, at)));
      pendingHandOffs += jobs.size();
      if (drainArmed) {
        return;
      }
      drainArmed = true;
    }
    // a millisecond's grace gathers the jobs of transactions committed together into one batch
    vertx.setTimer(1, id -> {
      synchronized (this) {
        drainArmed = false;
      }
      drain();
    });
  }

  /**
   * Runs waiting handed-off jobs in batches while there is room. A job that waited more than half its
   * lease for room is left to a claim after its lease (the timer is armed), so that it never runs
   * while another scheduler may claim it.
   */
  private void drain() {
    List<List<Job>> batches = new ArrayList<>();
    Instant now = clock.instant();
    Instant stale = now.minus(options.leaseDuration().dividedBy(2));
    Instant leftUntil = null;
    int left = 0;
    synchronized (this) {
      while (!handed.isEmpty()) {
        int room = reserve();
        if (room == 0) {
          break;
        }
        List<Job> batch = new ArrayList<>(room);
        while (batch.size() < room && !handed.isEmpty()) {
          Handed h = handed.poll();
          if (h.at().isBefore(stale)) {
            leftUntil = h.at().plus(options.leaseDuration());
            left++;
          } else {
            batch.add(h.job());
          }
        }
        inFlight.addAndGet(batch.size() - room);
        if (!batch.isEmpty()) {
          batches.add(batch);
        }
      }
    }
    if (leftUntil != null) {
      LOG.warn("handed-off jobs waited more than half their lease for room; a claim runs them after it [jobs: {}]", left);
      armNear(leftUntil.plusMillis(1));
      handOffsDone(left);
    }
    for (List<Job> batch : batches) {
      runRenewing(batch).onComplete(x -> {
        inFlight.addAndGet(-batch.size());
        handOffsDone(batch.size());
        drain();
        Run run = current;
        if (run != null) {
          run.pump();
        }
      });
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
