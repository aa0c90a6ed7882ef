package io.qosb.store;

import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.StatusListener;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One transaction over bookings, assignments, jobs and NEF subscription records, so that a change of
 * a booking, the jobs it causes, the record of a NEF side effect and the completion of the job that
 * made it commit together. The batch operations write many rows with one statement each.
 */
public final class ActivationTx extends SqlBookingTx {

  private final StatusListener listener;
  private final Map<UUID, Booking> locked = new HashMap<>();
  /** Assignment moves not written yet (see {@link #deferAssignmentStates}), by booking id and device key. */
  private final Map<List<String>, AssignmentState> deferred = new java.util.LinkedHashMap<>();
  /** Subscription records not written yet (see {@link #deferSubscriptions}), by booking id and device key. */
  private final Map<List<String>, NefSubscriptionRecord> deferredRecords = new java.util.LinkedHashMap<>();
  /** The tokens of records read from nef_subscription (leftovers of assignment rows that went, V12). */
  private final Set<String> leftoverTokens = new HashSet<>();

  ActivationTx(SqlConnection conn, Statements sql, SecretCipher cipher, StatusListener listener) {
    super(conn, sql, cipher);
    this.listener = listener;
  }

  @Override
  public Future<Optional<Booking>> lockBooking(UUID id) {
    return super.lockBooking(id).onSuccess(found -> found.ifPresent(b -> locked.putIfAbsent(id, b)));
  }

  /** Updates the booking and, when its status changed, tells the listener within this transaction. */
  @Override
  public Future<Booking> updateBooking(Booking booking) {
    Booking before = locked.get(booking.id());
    return super.updateBooking(booking).compose(saved -> before == null || before.status().equals(saved.status())
        ? Future.succeededFuture(saved)
        : listener.statusChanged(this, before, saved).map(v -> {
          locked.put(saved.id(), saved);
          return saved;
        }));
  }

  /** Updates the assignment and, when it failed, tells the listener within this transaction. */
  @Override
  public Future<Void> updateAssignmentState(UUID bookingId, String deviceKey, AssignmentState state) {
    Future<Void> updated = super.updateAssignmentState(bookingId, deviceKey, state);
    if (state != AssignmentState.FAILED) {
      return updated;
    }
    return updated.compose(v -> locked.containsKey(bookingId) ? Future.succeededFuture(Optional.of(locked.get(bookingId)))
            : lockBooking(bookingId))
        .compose(found -> found.isEmpty() ? Future.succeededFuture() : assignments(bookingId).compose(all -> {
          List<Assignment> failed = all.stream().filter(a -> a.device().key().equals(deviceKey)).toList();
          List<Assignment> active = all.stream().filter(a -> a.state() == AssignmentState.ACTIVE).toList();
          return listener.devicesFailed(this, found.get(), failed, active);
        }));
  }

  /** Reads and locks the record of one device's subscription. */
  public Future<Optional<NefSubscriptionRecord>> lockSubscription(UUID bookingId, String deviceKey) {
    return lockSubscriptions(bookingId, List.of(deviceKey)).map(found -> Optional.ofNullable(found.get(deviceKey)));
  }

  /**
   * Reads and locks the records of these devices of a booking, by device key: those on the assignment
   * rows (V12) with one statement, the leftovers of assignment rows that went with another (see
   * {@link #current}).
   */
  public Future<Map<String, NefSubscriptionRecord>> lockSubscriptions(UUID bookingId, Collection<String> deviceKeys) {
    if (deviceKeys.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return conn.preparedQuery(sql.withKeys("lockAssignmentSubscriptions", deviceKeys.size()))
        .execute(keyed(bookingId, deviceKeys))
        .compose(onRows -> conn.preparedQuery(sql.withKeys("lockLeftovers", deviceKeys.size()))
            .execute(keyed(bookingId, deviceKeys))
            .map(leftRows -> current(ActivationRows.subscriptions(onRows), ActivationRows.subscriptions(leftRows))));
  }

  /**
   * One record per device: a leftover the NEF may still hold (its assignment row went, and a new one of
   * the same booking and device came) comes first, as the one subscription the device may have, like the
   * single row of nef_subscription before V12; else the record on the assignment row; else a leftover
   * that is gone. Remembers which records are leftovers, so that their writes go to their table.
   */
  private Map<String, NefSubscriptionRecord> current(List<NefSubscriptionRecord> onRows,
      List<NefSubscriptionRecord> leftovers) {
    Map<String, NefSubscriptionRecord> out = new HashMap<>();
    onRows.forEach(r -> out.put(r.deviceKey(), r));
    for (NefSubscriptionRecord l : leftovers) {
      leftoverTokens.add(l.token());
      NefSubscriptionRecord on = out.get(l.deviceKey());
      if (on == null || l.state().mayExistOnNef()) {
        out.put(l.deviceKey(), l);
      }
    }
    return out;
  }

  /** The assignments of these devices to a booking, in any state, by device key (one statement). */
  public Future<Map<String, Assignment>> assignmentsOf(UUID bookingId, Collection<String> deviceKeys) {
    if (deviceKeys.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return conn.preparedQuery(sql.withKeys("assignmentsOfDevices", deviceKeys.size()))
        .execute(keyed(bookingId, deviceKeys))
        .map(rows -> {
          Map<String, Assignment> out = new HashMap<>();
          rows.forEach(r -> {
            Assignment a = BookingRows.assignment(r, cipher);
            out.put(a.device().key(), a);
          });
          return out;
        });
  }

  private static Tuple keyed(UUID bookingId, Collection<String> deviceKeys) {
    Tuple args = Tuple.of(bookingId.toString());
    deviceKeys.forEach(args::addValue);
    return args;
  }

  /**
   * Writes new intents (fresh tokens) on the devices' assignment rows, which must exist, replacing the
   * records they held, with one batch statement.
   */
  public Future<Void> insertSubscriptions(List<NefSubscriptionRecord> records) {
    return records.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(sql.get("intendSubscription"))
        .executeBatch(records.stream().map(ActivationRows::updateTuple).toList()).mapEmpty();
  }

  /**
   * Replaces existing records (same booking, device and token) where this transaction read them: on the
   * assignment row (one batch statement), or as leftovers (one more). (A batch's per-row counts are not
   * reliable on H2, so a record's table is known from its read, not from a write that found nothing.)
   */
  public Future<Void> updateSubscriptions(List<NefSubscriptionRecord> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> onRows = new ArrayList<>();
    List<Tuple> leftovers = new ArrayList<>();
    records.forEach(r -> (leftoverTokens.contains(r.token()) ? leftovers : onRows).add(tokenTuple(r)));
    return batch("updateSubscription", onRows).compose(v -> batch("updateLeftover", leftovers));
  }

  private static Tuple tokenTuple(NefSubscriptionRecord r) {
    return ActivationRows.updateTuple(r).addValue(r.token());
  }

  /**
   * Replaces existing records like {@link #updateSubscriptions}, but writes those on assignment rows later,
   * in this transaction: with the completion of their activation's claim in one statement per row
   * ({@link #completeJobs}), or else at the next {@link #completeJobs} or {@link #flushDeferred}. Only
   * their state, URL and time are written then (an activation's result changes nothing else). Nothing in
   * between may read these records.
   */
  public void deferSubscriptions(List<NefSubscriptionRecord> records) {
    records.forEach(r -> deferredRecords.put(List.of(r.bookingId().toString(), r.deviceKey()), r));
  }

  /**
   * Moves assignments to a state other than FAILED with one batch statement (FAILED goes through
   * {@link #updateAssignmentState}, which tells the listener).
   *
   * @throws IllegalArgumentException if the state is FAILED
   */
  public Future<Void> updateAssignmentStates(List<Assignment> assignments, AssignmentState state) {
    if (state == AssignmentState.FAILED) {
      throw new IllegalArgumentException("failed assignments are told to the listener one by one");
    }
    return assignments.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(sql.get("updateAssignmentState"))
        .executeBatch(assignments.stream()
            .map(a -> Tuple.of(state.name(), a.bookingId().toString(), a.device().key())).toList())
        .mapEmpty();
  }

  /**
   * Moves assignments to a state other than FAILED like {@link #updateAssignmentStates}, but writes
   * them later, in this transaction: with the completion of their activation's claim in one statement
   * per row ({@link #completeJobs}), or else at the next {@link #completeJobs} or {@link #flushDeferred}.
   * Nothing in between may read these assignments.
   *
   * @throws IllegalArgumentException if the state is FAILED
   */
  public void deferAssignmentStates(List<Assignment> assignments, AssignmentState state) {
    if (state == AssignmentState.FAILED) {
      throw new IllegalArgumentException("failed assignments are told to the listener one by one");
    }
    assignments.forEach(a -> deferred.put(List.of(a.bookingId().toString(), a.device().key()), state));
  }

  /** Writes the deferred assignment moves and records not written yet (one batch statement each). */
  public Future<Void> flushDeferred() {
    List<NefSubscriptionRecord> records = List.copyOf(deferredRecords.values());
    deferredRecords.clear();
    List<Tuple> rows = new ArrayList<>();
    deferred.forEach((key, state) -> rows.add(Tuple.of(state.name(), key.get(0), key.get(1))));
    deferred.clear();
    return batch("updateAssignmentState", rows).compose(v -> updateSubscriptions(records));
  }

  /**
   * Marks claimed jobs done with one batch statement per table (a booking's START done makes its END
   * due; an activation's claim settles in the same write as its deferred assignment move, see
   * {@link #deferAssignmentStates}); a job whose claim was lost (another owner or a later attempt) is
   * left alone. Then writes the deferred moves left.
   */
  public Future<Void> completeJobs(Collection<Job> jobs, String owner, Instant now) {
    List<Tuple> rows = new ArrayList<>();
    List<Tuple> bookings = new ArrayList<>();
    List<Tuple> assignments = new ArrayList<>();
    List<Tuple> moved = new ArrayList<>();
    for (Job j : jobs) {
      switch (j.carrier()) {
        case BOOKING -> bookings.add(bookingClaim(Tuple.tuple(), j, owner));
        case ASSIGNMENT -> {
          List<String> key = List.of(j.bookingId().toString(), j.deviceKey());
          AssignmentState to = deferred.remove(key);
          NefSubscriptionRecord rec = deferredRecords.get(key);
          if (rec != null && leftoverTokens.contains(rec.token())) {
            rec = null;
          } else if (rec != null) {
            deferredRecords.remove(key);
          }
          if (to == null && rec == null) {
            assignments.add(assignmentClaim(Tuple.tuple(), j, owner));
          } else {
            Tuple t = Tuple.of(to == null ? null : to.name());
            t.addValue(rec == null ? null : rec.state().name()).addValue(rec == null ? null : rec.resourceUrl())
                .addValue(rec == null ? null : rec.updatedAt().toEpochMilli());
            for (int i = 0; i < 4; i++) {
              t.addValue(owner).addValue(j.attempts()).addValue(j.dueAt().toEpochMilli());
            }
            moved.add(t.addValue(j.bookingId().toString()).addValue(j.deviceKey()));
          }
        }
        default -> rows.add(Tuple.of(now.toEpochMilli(), j.id().toString(), owner, j.attempts()));
      }
    }
    return batch("completeJob", rows).compose(v -> batch("completeBookingDue", bookings))
        .compose(v -> batch("completeActivation", assignments))
        .compose(v -> batch("moveAndCompleteActivation", moved))
        .compose(v -> flushDeferred());
  }

  private Future<Void> batch(String statement, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(sql.get(statement)).executeBatch(rows).mapEmpty();
  }

  /** Marks a claimed job done; false if the claim was lost meanwhile. */
  public Future<Boolean> completeJob(Job job, String owner, Instant now) {
    return switch (job.carrier()) {
      case BOOKING -> update("completeBookingDue", bookingClaim(Tuple.tuple(), job, owner));
      case ASSIGNMENT -> update("completeActivation", assignmentClaim(Tuple.tuple(), job, owner));
      default -> update("completeJob", Tuple.of(now.toEpochMilli(), job.id().toString(), owner, job.attempts()));
    };
  }

  /** Releases a claimed job to run again at {@code nextDue}; false if the claim was lost. */
  public Future<Boolean> retryJob(Job job, String owner, Instant nextDue, String error, Instant now) {
    return switch (job.carrier()) {
      case BOOKING -> update("retryBookingDue", bookingClaim(Tuple.of(nextDue.toEpochMilli(), clip(error)), job, owner));
      case ASSIGNMENT -> update("retryActivation",
          assignmentClaim(Tuple.of(nextDue.toEpochMilli(), clip(error)), job, owner));
      default -> update("retryJob", Tuple.of(nextDue.toEpochMilli(), clip(error), now.toEpochMilli(),
          job.id().toString(), owner, job.attempts()));
    };
  }

  /** Gives a claimed job up for good (a booking's START: its END is still due); false if the claim was lost. */
  public Future<Boolean> failJob(Job job, String owner, String error, Instant now) {
    return switch (job.carrier()) {
      case BOOKING -> update("failBookingDue", bookingClaim(Tuple.of(clip(error)), job, owner));
      case ASSIGNMENT -> update("failActivation", assignmentClaim(Tuple.of(clip(error)), job, owner));
      default -> update("failJob", Tuple.of(clip(error), now.toEpochMilli(), job.id().toString(), owner,
          job.attempts()));
    };
  }

  /** Appends the claim of an assignment's due ACTIVATE: booking, device, owner, attempt, due time. */
  static Tuple assignmentClaim(Tuple args, Job job, String owner) {
    return args.addValue(job.bookingId().toString()).addValue(job.deviceKey()).addValue(owner)
        .addValue(job.attempts()).addValue(job.dueAt().toEpochMilli());
  }

  /** Appends the claim of a booking's due START or END: id, kind, owner, attempt. */
  private static Tuple bookingClaim(Tuple args, Job job, String owner) {
    return args.addValue(job.bookingId().toString()).addValue(job.kind().name()).addValue(owner)
        .addValue(job.attempts());
  }

  private Future<Boolean> update(String statement, Tuple args) {
    return conn.preparedQuery(sql.get(statement)).execute(args).map(rows -> rows.rowCount() == 1);
  }

  private static String clip(String error) {
    String text = String.valueOf(error);
    return text.length() > 500 ? text.substring(0, 500) : text;
  }

  /** The records of a booking's subscriptions, in any state, one per device (see {@link #current}). */
  public Future<List<NefSubscriptionRecord>> subscriptionsOfBooking(UUID bookingId) {
    return conn.preparedQuery(sql.get("subscriptionsOfBooking")).execute(Tuple.of(bookingId.toString(),
        bookingId.toString())).map(rows -> {
          List<NefSubscriptionRecord> onRows = new ArrayList<>();
          List<NefSubscriptionRecord> leftovers = new ArrayList<>();
          rows.forEach(r -> (r.getInteger(8) == 0 ? onRows : leftovers).add(ActivationRows.subscription(r)));
          List<NefSubscriptionRecord> out = new ArrayList<>(current(onRows, leftovers).values());
          out.sort(java.util.Comparator.comparing(NefSubscriptionRecord::deviceKey));
          return out;
        });
  }

  /** Writes the record where it is (on its assignment row, else a leftover), or as a leftover if it is nowhere. */
  public Future<NefSubscriptionRecord> putSubscription(NefSubscriptionRecord record) {
    Tuple args = tokenTuple(record);
    Future<Boolean> onRow = leftoverTokens.contains(record.token()) ? Future.succeededFuture(false)
        : update("updateSubscription", args);
    return onRow.compose(done -> done ? Future.succeededFuture(true) : update("updateLeftover", args))
        .compose(done -> done ? Future.succeededFuture()
            : conn.preparedQuery(sql.get("insertLeftover")).execute(ActivationRows.insertTuple(record)).mapEmpty())
        .map(v -> record);
  }
}
