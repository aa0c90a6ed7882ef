package io.qosb.schedule;

import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingEvent;
import io.qosb.booking.BookingState;
import io.qosb.booking.JobRequest;
import io.qosb.nef.SubscriptionManager;
import io.qosb.store.ActivationStore;
import io.qosb.store.ActivationTx;
import io.qosb.store.Job;
import io.qosb.store.NefSubscriptionRecord;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each kind of job does. START and END change the booking and write the device jobs they cause
 * in one transaction; ACTIVATE and DEACTIVATE make one NEF side effect through the
 * {@link SubscriptionManager}. Every job is idempotent: running it again after a crash is safe.
 */
final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private final ActivationStore store;
  private final SubscriptionManager subscriptions;
  private final ActivationMetrics metrics;
  private final Clock clock;

  JobRunner(ActivationStore store, SubscriptionManager subscriptions, ActivationMetrics metrics, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.subscriptions = Objects.requireNonNull(subscriptions);
    this.metrics = Objects.requireNonNull(metrics);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Runs the job once; a failed future asks for another attempt. */
  Future<Void> run(Job job) {
    return switch (job.kind()) {
      case START -> store.inTransaction(List.of(), tx -> start(tx, job));
      case END -> store.inTransaction(List.of(), tx -> end(tx, job));
      case ACTIVATE -> subscriptions.activate(job.bookingId(), job.deviceKey()).map(outcome -> {
        if (outcome == SubscriptionManager.Outcome.ACTIVATED) {
          metrics.lag(Duration.between(job.dueAt(), clock.instant()));
        }
        return null;
      });
      case DEACTIVATE -> subscriptions.deactivate(job.bookingId(), job.deviceKey()).mapEmpty();
    };
  }

  /** After the last failed attempt. */
  Future<Void> giveUp(Job job) {
    return switch (job.kind()) {
      case ACTIVATE -> subscriptions.giveUp(job.bookingId(), job.deviceKey());
      default -> Future.succeededFuture();
    };
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
        Future<Void> chain = Future.succeededFuture();
        for (var a : assignments) {
          if (AssignmentState.holdingSlot().contains(a.state())) {
            chain = chain.compose(v -> tx.schedule(JobRequest.activate(b.id(), a.device().key(), job.dueAt())));
          }
        }
        LOG.info("booking activated [bookingId: {}, devices: {}]", b.id(), assignments.size());
        return chain;
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
          .compose(subs -> {
            Future<Void> chain = Future.succeededFuture();
            for (NefSubscriptionRecord s : subs) {
              if (s.state().mayExistOnNef()) {
                chain = chain.compose(x -> tx.schedule(JobRequest.deactivate(s.bookingId(), s.deviceKey(), now)));
              }
            }
            return chain;
          });
    });
  }

  private static Future<Void> release(ActivationTx tx, Booking b) {
    return tx.assignments(b.id()).compose(assignments -> {
      Future<Void> chain = Future.succeededFuture();
      for (var a : assignments) {
        if (a.state().allows(AssignmentState.Event.RELEASE)) {
          chain = chain.compose(v -> tx.updateAssignmentState(b.id(), a.device().key(), AssignmentState.RELEASED));
        }
      }
      return chain;
    });
  }
}
