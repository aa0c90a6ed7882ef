package io.qosb.nef;

import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingState;
import io.qosb.nef.SubscriptionManager.Outcome;
import io.qosb.store.ActivationStore;
import io.qosb.store.ActivationTx;
import io.qosb.store.NefSubscriptionRecord;
import io.qosb.store.SubscriptionState;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the AsSessionWithQoS subscriptions of a batch of devices, each exactly once, in three steps:
 * <ol>
 *   <li>one <em>intent</em> transaction locks each booking of the batch once, in id order (so that two
 *       batches cannot deadlock), reads the batch's assignments and subscription records of each booking
 *       with one statement each, and writes every PENDING_CREATE record, on its assignment row (V12), with one
 *       batch statement;</li>
 *   <li>after its commit, the NEF POSTs run concurrently; a record still PENDING_CREATE from an
 *       earlier attempt means the POST may have happened, so its token is first looked for in the NEF's
 *       list (one list for the batch) and the subscription found there is adopted instead;</li>
 *   <li>one <em>result</em> transaction ({@link BatchResults}) records every answer (ACTIVE only if the
 *       record still holds the token of the call; FAILED on a refusal or on a failure the NEF answered)
 *       and, in the same transaction, runs the caller's {@link Settlement} (the scheduler completes or
 *       retries its jobs).</li>
 * </ol>
 * A subscription the NEF created for a record that no longer wants it is deleted after that commit
 * (should the DELETE fail, the {@link Reconciler} repeats it). One device's problem (a mapping error,
 * a NEF error) is that device's {@link Result}; only a failed transaction fails the whole batch, and
 * then every device is attempted again.
 */
public final class BatchActivator {

  private static final Logger LOG = LoggerFactory.getLogger(BatchActivator.class);
  private static final List<String> NO_LOCKS = List.of();

  /** A device of a booking to put on the NEF. */
  public record Request(UUID bookingId, String deviceKey) {
    public Request {
      Objects.requireNonNull(bookingId, "bookingId");
      Objects.requireNonNull(deviceKey, "deviceKey");
    }
  }

  /**
   * How one request ended: an outcome, or a failure after which a later attempt may succeed.
   *
   * @param outcome null if failed
   * @param failure null if an outcome was reached
   */
  public record Result(Outcome outcome, Throwable failure) {
    static Result of(Outcome outcome) {
      return new Result(outcome, null);
    }

    static Result failed(Throwable failure) {
      return new Result(null, failure);
    }

    public boolean succeeded() {
      return failure == null;
    }
  }

  /** What the caller writes in the result transaction, knowing every result. */
  @FunctionalInterface
  public interface Settlement {

    /**
     * @param tx the result transaction, with every booking of the batch locked
     * @param results one per request, in the order of the requests
     */
    Future<Void> settle(ActivationTx tx, List<Result> results);
  }

  private final ActivationStore store;
  private final NefApi nef;
  private final SubscriptionMapper mapper;
  private final NotificationTokens tokens;
  private final SubscriptionManager manager;
  private final BatchResults results;
  private final Clock clock;

  /**
   * @param manager finds tokens in the NEF's list
   * @param deactivator deletes unwanted subscriptions
   * @throws NullPointerException if an argument is null
   */
  public BatchActivator(ActivationStore store, NefApi nef, SubscriptionMapper mapper, NotificationTokens tokens,
      SubscriptionManager manager, BatchDeactivator deactivator, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.nef = Objects.requireNonNull(nef);
    this.mapper = Objects.requireNonNull(mapper);
    this.tokens = Objects.requireNonNull(tokens);
    this.manager = Objects.requireNonNull(manager);
    this.clock = Objects.requireNonNull(clock);
    this.results = new BatchResults(store, deactivator, clock);
  }

  /**
   * Makes sure each device of an active booking has its subscription on the NEF.
   *
   * @param requests the devices; a device named twice is activated once and gets the same result twice
   * @param settlement run in the result transaction
   * @return completes after the result transaction committed and unwanted subscriptions were deleted;
   *     fails if a transaction failed, and then the settlement did not commit
   */
  public Future<Void> activate(List<Request> requests, Settlement settlement) {
    Map<Request, Item> distinct = new LinkedHashMap<>();
    requests.forEach(r -> distinct.computeIfAbsent(r, Item::new));
    List<Item> items = List.copyOf(distinct.values());
    Instant now = clock.instant();
    return store.inTransaction(NO_LOCKS, tx -> intents(tx, items, now))
        .compose(v -> calls(items.stream().filter(i -> i.body != null).toList()))
        .compose(v -> results.record(items, tx -> settlement.settle(tx, requests.stream().map(r -> distinct.get(r).result).toList())))
        .onSuccess(v -> logSummary(items));
  }

  /**
   * Records a subscription found on the NEF for a PENDING_CREATE record (what {@link Reconciler} adopts).
   *
   * @return ACTIVATED, or NOT_WANTED if the record no longer wanted it and it was deleted
   */
  public Future<Outcome> adopt(NefSubscriptionRecord intent, String url) {
    Item item = new Item(new Request(intent.bookingId(), intent.deviceKey()));
    item.intent = intent;
    item.url = url;
    return results.record(List.of(item), tx -> Future.succeededFuture()).map(v -> item.result.outcome());
  }

  // step 1: the intent transaction

  private Future<Void> intents(ActivationTx tx, List<Item> items, Instant now) {
    List<NefSubscriptionRecord> inserts = new ArrayList<>();
    List<NefSubscriptionRecord> updates = new ArrayList<>();
    return eachBooking(tx, items, (locked, i) -> {
      try {
        return intent(tx, locked, i, now, inserts, updates);
      } catch (RuntimeException e) {
        i.result = Result.failed(e);
        return Future.succeededFuture();
      }
    }).compose(v -> tx.insertSubscriptions(inserts)).compose(v -> tx.updateSubscriptions(updates));
  }

  private Future<Void> intent(ActivationTx tx, Locked locked, Item i, Instant now, List<NefSubscriptionRecord> inserts,
      List<NefSubscriptionRecord> updates) {
    Booking b = locked.booking();
    Assignment a = locked.held(i);
    if (b == null || b.status().state() != BookingState.ACTIVE || !now.isBefore(b.end()) || a == null) {
      i.result = Result.of(Outcome.NOT_WANTED);
      return Future.succeededFuture();
    }
    NefSubscriptionRecord rec = locked.records().get(i.request.deviceKey());
    SubscriptionState state = rec == null ? null : rec.state();
    if (state == SubscriptionState.ACTIVE) {
      i.result = Result.of(Outcome.ALREADY_ACTIVE);
      return SubscriptionManager.assignmentTo(tx, a, AssignmentState.Event.ACTIVATE);
    }
    if (state == SubscriptionState.PENDING_DELETE) {
      i.result = Result.failed(new SubscriptionManager.RetryLater("the previous subscription of the device is still being deleted"));
      return Future.succeededFuture();
    }
    i.resume = state == SubscriptionState.PENDING_CREATE;
    String token = i.resume ? rec.token() : tokens.newToken();
    JsonObject body;
    try {
      body = mapper.map(b, a.device(), token, now);
    } catch (SubscriptionMapper.MappingException e) {
      LOG.warn("device cannot be activated [bookingId: {}]: {}", b.id(), e.getMessage());
      i.result = Result.of(Outcome.REFUSED);
      return SubscriptionManager.assignmentTo(tx, a, AssignmentState.Event.FAIL);
    }
    i.body = body;
    i.intent = i.resume ? rec : NefSubscriptionRecord.pendingCreate(b.id(), a.device().key(), token, now);
    if (!i.resume) {
      // on the assignment row (V12), replacing the record it held, if any
      inserts.add(i.intent);
    }
    return Future.succeededFuture();
  }

  // step 2: the NEF calls, after the intents committed

  private Future<Void> calls(List<Item> calling) {
    if (calling.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<List<NefSubscription>> listed = calling.stream().anyMatch(i -> i.resume) ? nef.list()
        : Future.succeededFuture(List.of());
    return listed.transform(ar -> Future.all(calling.stream().map(i -> call(i, ar)).toList())).mapEmpty();
  }

  private Future<Void> call(Item i, AsyncResult<List<NefSubscription>> listed) {
    if (i.resume) {
      if (listed.failed()) {
        // the earlier POST may have succeeded: try again later rather than create a second one
        i.result = Result.failed(listed.cause());
        return Future.succeededFuture();
      }
      Optional<NefSubscription> found = manager.find(listed.result(), i.intent.token());
      if (found.isPresent()) {
        i.url = found.get().url();
        return Future.succeededFuture();
      }
    }
    return nef.create(i.body).transform(ar -> {
      if (ar.succeeded()) {
        i.url = ar.result().url();
      } else {
        i.callFailure = ar.cause();
      }
      return Future.succeededFuture();
    });
  }

  // shared by the two transactions

  /** A booking of the batch as locked, with the batch's assignments and subscription records of it. */
  record Locked(Booking booking, Map<String, Assignment> assignments,
      Map<String, NefSubscriptionRecord> records) {

    /** The device's assignment if it holds its slot, else null. */
    Assignment held(Item i) {
      Assignment a = assignments.get(i.request.deviceKey());
      return a != null && AssignmentState.holdingSlot().contains(a.state()) ? a : null;
    }
  }

  /**
   * Locks each booking of the items once, in id order, reads their devices' assignments and locks
   * their records (one statement each), then runs the step for each item of that booking.
   */
  static Future<Void> eachBooking(ActivationTx tx, List<Item> items, BiFunction<Locked, Item, Future<Void>> step) {
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<UUID, List<Item>> e : byBooking(items, i -> i.request).entrySet()) {
      List<String> keys = e.getValue().stream().map(i -> i.request.deviceKey()).toList();
      chain = chain.compose(v -> tx.lockBooking(e.getKey()))
          .compose(b -> tx.assignmentsOf(e.getKey(), keys)
              .compose(assigned -> tx.lockSubscriptions(e.getKey(), keys)
                  .map(records -> new Locked(b.orElse(null), assigned, records))))
          .compose(locked -> {
            Future<Void> steps = Future.succeededFuture();
            for (Item i : e.getValue()) {
              steps = steps.compose(v -> step.apply(locked, i));
            }
            return steps;
          });
    }
    return chain;
  }

  /**
   * The items grouped by booking, bookings in id order: the order in which every multi-booking
   * transaction locks, so that two cannot deadlock.
   */
  static <T> TreeMap<UUID, List<T>> byBooking(List<T> items, Function<T, Request> request) {
    TreeMap<UUID, List<T>> out = new TreeMap<>();
    items.forEach(i -> out.computeIfAbsent(request.apply(i).bookingId(), k -> new ArrayList<>()).add(i));
    return out;
  }

  private static void logSummary(List<Item> items) {
    Map<String, Integer> counts = new TreeMap<>();
    items.forEach(i -> counts.merge(i.result.succeeded() ? i.result.outcome().name() : "RETRY", 1, Integer::sum));
    LOG.info("activation batch done [devices: {}, results: {}]", items.size(), counts);
  }

  /** One distinct device of the batch as it goes through the steps. */
  static final class Item {
    final Request request;
    /** Set once the device's result is known. */
    Result result;
    /** The PENDING_CREATE record the NEF call belongs to. */
    NefSubscriptionRecord intent;
    /** The subscription to create; null if the intent transaction already decided. */
    JsonObject body;
    /** Whether an earlier attempt left the record PENDING_CREATE. */
    boolean resume;
    /** The created (or adopted) subscription, after the call. */
    String url;
    /** Why the call failed. */
    Throwable callFailure;

    Item(Request request) {
      this.request = request;
    }
  }
}
