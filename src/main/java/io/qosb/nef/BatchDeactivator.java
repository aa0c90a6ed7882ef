package io.qosb.nef;

import io.qosb.nef.BatchActivator.Request;
import io.qosb.nef.BatchActivator.Result;
import io.qosb.nef.BatchActivator.Settlement;
import io.qosb.nef.SubscriptionManager.Outcome;
import io.qosb.store.ActivationStore;
import io.qosb.store.ActivationTx;
import io.qosb.store.NefSubscriptionRecord;
import io.qosb.store.SubscriptionState;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the AsSessionWithQoS subscriptions of a batch of devices, each exactly once, in the three
 * steps of {@link BatchActivator}:
 * <ol>
 *   <li>one <em>intent</em> transaction locks the batch's records (booking by booking in id order,
 *       one statement each, so that two batches cannot deadlock) and marks PENDING_DELETE, with one
 *       batch statement, each record whose subscription the NEF may hold;</li>
 *   <li>after its commit, the DELETEs run concurrently; a record without a URL (its POST was never
 *       answered) is looked for by token in the NEF's list, one list for the batch; a subscription the
 *       NEF does not have (404, or not in the list) counts as deleted;</li>
 *   <li>one <em>result</em> transaction records DELETED each deleted record that still holds the token of
 *       the call and is still PENDING_DELETE, and runs the caller's {@link Settlement}.</li>
 * </ol>
 * The records live on the devices' assignment rows, or, once a row went (a release, a booking deleted
 * or purged), in nef_subscription, where the row's removal already recorded them PENDING_DELETE (V12).
 * A crash between the steps leaves PENDING_DELETE records, which the next attempt or the
 * {@link Reconciler} completes. One device's NEF failure is that device's {@link Result}; only a failed
 * transaction fails the whole batch, and then every device is attempted again.
 */
public final class BatchDeactivator {

  private static final Logger LOG = LoggerFactory.getLogger(BatchDeactivator.class);
  private static final List<String> NO_LOCKS = List.of();

  private final ActivationStore store;
  private final NefApi nef;
  private final SubscriptionManager manager;
  private final Clock clock;

  /**
   * @param manager finds tokens in the NEF's list
   * @throws NullPointerException if an argument is null
   */
  public BatchDeactivator(ActivationStore store, NefApi nef, SubscriptionManager manager, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.nef = Objects.requireNonNull(nef);
    this.manager = Objects.requireNonNull(manager);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Makes sure the subscription of each device is gone from the NEF.
   *
   * @param requests the devices; a device named twice is deactivated once and gets the same result twice
   * @param settlement run in the result transaction; a result is DEACTIVATED or failed
   * @return completes after the result transaction committed; fails if a transaction failed, and then
   *     the settlement did not commit
   */
  public Future<Void> deactivate(List<Request> requests, Settlement settlement) {
    Map<Request, Item> distinct = new LinkedHashMap<>();
    requests.forEach(r -> distinct.computeIfAbsent(r, Item::new));
    List<Item> items = List.copyOf(distinct.values());
    Instant now = clock.instant();
    return store.inTransaction(NO_LOCKS, tx -> intents(tx, items, now))
        .compose(v -> deletes(items.stream().filter(i -> i.record != null).toList()))
        .compose(v -> store.inTransaction(NO_LOCKS, tx -> deleted(tx, items)
            .compose(x -> settlement.settle(tx, requests.stream().map(r -> distinct.get(r).result()).toList()))))
        .onSuccess(v -> logSummary(items));
  }

  /**
   * Steps 2 and 3 for records already PENDING_DELETE (unwanted subscriptions, reconciliation): deletes
   * their subscriptions, then records DELETED those still PENDING_DELETE with the same token.
   *
   * @return fails with the first DELETE failure (the others are recorded all the same)
   */
  Future<Void> remove(List<NefSubscriptionRecord> records) {
    List<Item> items = records.stream().map(rec -> {
      Item i = new Item(new Request(rec.bookingId(), rec.deviceKey()));
      i.record = rec;
      return i;
    }).toList();
    return deletes(items).compose(v -> store.inTransaction(NO_LOCKS, tx -> deleted(tx, items)))
        .compose(v -> items.stream().filter(i -> i.failure != null).findFirst()
            .map(i -> Future.<Void>failedFuture(i.failure)).orElse(Future.succeededFuture()));
  }

  // step 1: the intent transaction

  private static Future<Void> intents(ActivationTx tx, List<Item> items, Instant now) {
    List<NefSubscriptionRecord> updates = new ArrayList<>();
    return eachRecord(tx, items, (rec, i) -> {
      if (rec == null || !rec.state().mayExistOnNef()) {
        return;
      }
      i.record = rec.state() == SubscriptionState.PENDING_DELETE ? rec
          : rec.with(SubscriptionState.PENDING_DELETE, null, now);
      if (rec.state() != SubscriptionState.PENDING_DELETE) {
        updates.add(i.record);
      }
    }).compose(v -> tx.updateSubscriptions(updates));
  }

  // step 2: the NEF calls, after the intents committed

  private Future<Void> deletes(List<Item> deleting) {
    if (deleting.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<List<NefSubscription>> listed = deleting.stream().anyMatch(i -> i.record.resourceUrl() == null)
        ? nef.list() : Future.succeededFuture(List.of());
    return listed.transform(ar -> Future.all(deleting.stream().map(i -> delete(i, ar)).toList())).mapEmpty();
  }

  private Future<Void> delete(Item i, AsyncResult<List<NefSubscription>> listed) {
    String url = i.record.resourceUrl();
    if (url == null) {
      if (listed.failed()) {
        // the POST may have succeeded: without the list the subscription cannot be found
        i.failure = listed.cause();
        return Future.succeededFuture();
      }
      url = manager.find(listed.result(), i.record.token()).map(NefSubscription::url).orElse(null);
      if (url == null) {
        // never created, or already gone
        return Future.succeededFuture();
      }
    }
    i.url = url;
    return nef.delete(url).transform(ar -> {
      if (ar.failed()) {
        i.failure = ar.cause();
      }
      return Future.succeededFuture();
    });
  }

  // step 3: the result transaction

  private Future<Void> deleted(ActivationTx tx, List<Item> items) {
    List<Item> gone = items.stream().filter(i -> i.record != null && i.failure == null).toList();
    Instant now = clock.instant();
    // a record named twice (unwanted duplicates of one device) is written once
    Map<List<Object>, NefSubscriptionRecord> updates = new LinkedHashMap<>();
    return eachRecord(tx, gone, (rec, i) -> {
      if (rec != null && rec.token().equals(i.record.token()) && rec.state() == SubscriptionState.PENDING_DELETE) {
        updates.put(List.of(rec.bookingId(), rec.deviceKey()), rec.with(SubscriptionState.DELETED, i.url, now));
      }
    }).compose(v -> tx.updateSubscriptions(List.copyOf(updates.values())));
  }

  /**
   * Locks the records of the items, booking by booking in id order (one statement each), and gives
   * each item its record (null if there is none). The bookings themselves are not locked: every other
   * transaction locks a booking before its records, and this one never waits for a booking while
   * holding records, so the two orders cannot deadlock.
   */
  private static Future<Void> eachRecord(ActivationTx tx, List<Item> items, BiConsumer<NefSubscriptionRecord, Item> step) {
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<UUID, List<Item>> e : BatchActivator.byBooking(items, i -> i.request).entrySet()) {
      List<String> keys = e.getValue().stream().map(i -> i.request.deviceKey()).distinct().sorted().toList();
      chain = chain.compose(v -> tx.lockSubscriptions(e.getKey(), keys))
          .map(records -> {
            e.getValue().forEach(i -> step.accept(records.get(i.request.deviceKey()), i));
            return null;
          });
    }
    return chain;
  }

  private static void logSummary(List<Item> items) {
    long failed = items.stream().filter(i -> i.failure != null).count();
    long deleted = items.stream().filter(i -> i.record != null && i.failure == null).count();
    LOG.info("deactivation batch done [devices: {}, deleted: {}, retry: {}]", items.size(), deleted, failed);
  }

  /** One distinct device of the batch as it goes through the steps. */
  private static final class Item {
    final Request request;
    /** The PENDING_DELETE record whose subscription is deleted; null if the NEF holds none. */
    NefSubscriptionRecord record;
    /** The URL the DELETE went to; null if there was nothing to delete. */
    String url;
    /** Why the list or the DELETE failed. */
    Throwable failure;

    Item(Request request) {
      this.request = request;
    }

    Result result() {
      return failure == null ? Result.of(Outcome.DEACTIVATED) : Result.failed(failure);
    }
  }
}
