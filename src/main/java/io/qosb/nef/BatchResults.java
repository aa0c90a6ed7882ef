package io.qosb.nef;

import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.nef.BatchActivator.Item;
import io.qosb.nef.BatchActivator.Result;
import io.qosb.nef.SubscriptionManager.Outcome;
import io.qosb.store.ActivationStore;
import io.qosb.store.ActivationTx;
import io.qosb.store.NefSubscriptionRecord;
import io.qosb.store.SubscriptionState;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The result step of a {@link BatchActivator} batch: one transaction that locks each booking of the
 * answered devices once (in id order) and their records, records each NEF answer, and runs the
 * caller's settlement; then the deletion of subscriptions that no record wants. A created
 * subscription is recorded ACTIVE only if its record still holds the token of the call and is
 * PENDING_CREATE; otherwise it is deleted (and its record, if it is ours, marked PENDING_DELETE first).
 * An assignment made ACTIVE, and its record's result (on the same row since V12), are written together
 * with the settlement's completion of its activation's claim, in one statement per row
 * ({@link ActivationTx#deferAssignmentStates}, {@link ActivationTx#deferSubscriptions}).
 */
final class BatchResults {

  private static final Logger LOG = LoggerFactory.getLogger(BatchResults.class);
  private static final List<String> NO_LOCKS = List.of();

  private final ActivationStore store;
  private final BatchDeactivator deactivator;
  private final Clock clock;

  BatchResults(ActivationStore store, BatchDeactivator deactivator, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.deactivator = Objects.requireNonNull(deactivator);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Records the answers of the items that have one, runs {@code settle} in the same transaction,
   * then deletes the subscriptions no record wants.
   */
  Future<Void> record(List<Item> items, Function<ActivationTx, Future<Void>> settle) {
    List<Item> answered = items.stream().filter(i -> i.url != null || i.callFailure != null).toList();
    List<NefSubscriptionRecord> unwanted = new ArrayList<>();
    return store.inTransaction(NO_LOCKS, tx -> results(tx, answered, unwanted).compose(v -> settle.apply(tx))
            .compose(v -> tx.flushDeferred()))
        .compose(v -> delete(unwanted));
  }

  private Future<Void> results(ActivationTx tx, List<Item> answered, List<NefSubscriptionRecord> unwanted) {
    if (answered.isEmpty()) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    List<NefSubscriptionRecord> updates = new ArrayList<>();
    Map<AssignmentState, List<Assignment>> moves = new TreeMap<>();
    List<Assignment> refused = new ArrayList<>();
    return BatchActivator.eachBooking(tx, answered, (locked, i) -> {
      NefSubscriptionRecord rec = locked.records().get(i.request.deviceKey());
      boolean pending = rec != null && rec.token().equals(i.intent.token()) && rec.state() == SubscriptionState.PENDING_CREATE;
      Assignment a = locked.held(i);
      if (i.url != null) {
        return created(rec, i, a, now, updates, moves, unwanted);
      }
      NefException refusal = i.callFailure instanceof NefException n && !n.isRetryable() && n.status() >= 400
          && n.status() < 500 ? n : null;
      // without an answer the POST may have succeeded: the record stays PENDING_CREATE
      boolean notCreated = i.callFailure instanceof NefException n && (n.status() > 0 || n.outcome() == NefOutcome.CIRCUIT_OPEN);
      if (pending && (refusal != null || notCreated)) {
        updates.add(rec.with(SubscriptionState.FAILED, null, now));
      }
      if (refusal == null) {
        i.result = Result.failed(i.callFailure);
        return Future.succeededFuture();
      }
      LOG.warn("nef refused the subscription [bookingId: {}]: {}", i.request.bookingId(), refusal.getMessage());
      i.result = Result.of(Outcome.REFUSED);
      if (a != null) {
        refused.add(a);
      }
      return Future.succeededFuture();
    }).compose(v -> {
          // the records' results too (V12: the same row)
          tx.deferSubscriptions(updates);
          // the activations are written with the settlement's completion of their claims (one write
          // per row), unless a refusal has to be told first
          moves.forEach((state, list) -> tx.deferAssignmentStates(list, state));
          if (refused.isEmpty()) {
            return Future.succeededFuture();
          }
          // failed after the batch's activations are written, so that the failure event lists them as active
          Future<Void> chain = tx.flushDeferred();
          for (Assignment a : refused) {
            chain = chain.compose(x -> SubscriptionManager.assignmentTo(tx, a, AssignmentState.Event.FAIL));
          }
          return chain;
        });
  }

  private static Future<Void> created(NefSubscriptionRecord rec, Item i, Assignment a, Instant now,
      List<NefSubscriptionRecord> updates, Map<AssignmentState, List<Assignment>> moves,
      List<NefSubscriptionRecord> unwanted) {
    boolean ours = rec != null && rec.token().equals(i.intent.token());
    if (ours && rec.state() == SubscriptionState.ACTIVE && i.url.equals(rec.resourceUrl())) {
      // recorded already, by the reconciler or an earlier attempt
      i.result = Result.of(Outcome.ACTIVATED);
    } else if (ours && rec.state() == SubscriptionState.PENDING_CREATE) {
      updates.add(rec.with(SubscriptionState.ACTIVE, i.url, now));
      if (a != null && a.state().allows(AssignmentState.Event.ACTIVATE)
          && a.state().on(AssignmentState.Event.ACTIVATE) != a.state()) {
        moves.computeIfAbsent(a.state().on(AssignmentState.Event.ACTIVATE), s -> new ArrayList<>()).add(a);
      }
      i.result = Result.of(Outcome.ACTIVATED);
    } else if (ours && rec.state() != SubscriptionState.ACTIVE) {
      NefSubscriptionRecord deleting = rec.with(SubscriptionState.PENDING_DELETE, i.url, now);
      updates.add(deleting);
      unwanted.add(deleting);
      i.result = Result.of(Outcome.NOT_WANTED);
    } else {
      // a duplicate of an active one (a second attempt after a lost lease) or of a replaced token:
      // delete just this subscription, leave the record alone
      unwanted.add(i.intent.with(SubscriptionState.PENDING_DELETE, i.url, now));
      i.result = Result.of(Outcome.NOT_WANTED);
    }
    return Future.succeededFuture();
  }

  /** Deletes unwanted subscriptions as one batch; never fails (the {@link Reconciler} repeats a failed DELETE). */
  private Future<Void> delete(List<NefSubscriptionRecord> unwanted) {
    if (unwanted.isEmpty()) {
      return Future.succeededFuture();
    }
    unwanted.forEach(rec -> LOG.info("subscription no longer wanted, deleting [bookingId: {}, url: {}]", rec.bookingId(),
        rec.resourceUrl()));
    return deactivator.remove(unwanted).otherwise(e -> {
      LOG.warn("deleting unwanted subscriptions failed, left to reconciliation [subscriptions: {}]: {}", unwanted.size(),
          e.getMessage());
      return null;
    });
  }
}
