package io.qosb.store;

import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingState;
import io.qosb.booking.BookingRepository.BookingTx;
import io.qosb.booking.JobKind;
import io.qosb.booking.JobRequest;
import io.qosb.booking.OutboxEntry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@link BookingTx} of one open transaction. */
class SqlBookingTx implements BookingTx {

  final SqlConnection conn;
  final Statements sql;
  final SecretCipher cipher;
  private Instant earliestJob;
  private HandOff handOff;
  private List<Job> handedOff = List.of();

  SqlBookingTx(SqlConnection conn, Statements sql, SecretCipher cipher) {
    this.conn = conn;
    this.sql = sql;
    this.cipher = cipher;
  }

  /** The earliest due time of the jobs this transaction wrote for a claim, or null. */
  Instant earliestJob() {
    return earliestJob;
  }

  /** Jobs due at once are written claimed by the hand-off's owner (see {@link HandOff}); null: none. */
  void handOff(HandOff handOff) {
    this.handOff = handOff;
  }

  /** The hand-off this transaction's jobs due at once went to, or null. */
  HandOff handOffTarget() {
    return handOff;
  }

  /** The jobs this transaction wrote claimed by the hand-off's owner, to give it after the commit. */
  List<Job> handedOff() {
    return handedOff;
  }

  @Override
  public Future<Optional<Booking>> lockBooking(UUID id) {
    return SqlBookingRepository.list(conn, sql, cipher, "lockBooking", Tuple.of(id.toString()))
        .map(l -> l.stream().findFirst());
  }

  /**
   * Inserts the booking with its START due at its start: the booking row is the job (V8), no job row
   * is written. With a {@link HandOff} that accepts it, a START due by its clock's now is written
   * claimed by its owner (attempt 1, leased) and handed to it after the commit; else the commit
   * signals its due time like any job's.
   */
  @Override
  public Future<Void> insertBooking(Booking booking) {
    Tuple t = BookingRows.insertTuple(booking.withVersion(1), cipher);
    Instant start = booking.start();
    t.addValue(start.toEpochMilli());
    Instant now = handOff == null ? null : handOff.clock().instant();
    boolean handed = now != null && !start.isAfter(now) && handOff.accepts().test(1);
    if (handed) {
      t.addValue(1).addValue(handOff.owner()).addValue(now.plus(handOff.lease()).toEpochMilli());
    } else {
      t.addValue(0).addValue(null).addValue(null);
    }
    Future<Void> inserted = conn.preparedQuery(sql.get("insertBooking")).execute(t).<Void>mapEmpty().onSuccess(v -> {
      if (handed) {
        List<Job> all = new ArrayList<>(handedOff);
        all.add(Job.ofBooking(booking.id(), JobKind.START, start, 1));
        handedOff = all;
      } else {
        earliestJob = earliestJob == null || start.isBefore(earliestJob) ? start : earliestJob;
      }
    });
    return booking.status().state() == BookingState.TERMINATED ? inserted
        : inserted.compose(v -> addOpenBooking(booking.owner()));
  }

  /**
   * One open booking more for the owner. The first bookings of a new owner may race to create its row:
   * on H2 the loser's statement fails alone (the transaction goes on) and it adds to the row the winner
   * made; PostgreSQL's statement is an upsert that cannot fail that way.
   */
  private Future<Void> addOpenBooking(String owner) {
    Tuple args = Tuple.of(owner);
    return conn.preparedQuery(sql.get("addOpenBooking")).execute(args).<Void>mapEmpty()
        .recover(e -> SqlErrors.isDuplicateKey(e)
            ? conn.preparedQuery(sql.get("incrementOpenBookings")).execute(args).mapEmpty()
            : Future.failedFuture(e));
  }

  /**
   * Reads the owner's row of {@code owner_open}, which the transactions that insert, terminate and
   * delete bookings keep (V7). That figure counts bookings that are not TERMINATED, also those whose
   * end has passed but whose END has not run yet, so it can only be too high, never too low: when it
   * reaches {@code max}, the exact count decides and the row is set to what it should be.
   */
  @Override
  public Future<Boolean> holdsFewerOpenBookings(String owner, Instant now, long max) {
    return conn.preparedQuery(sql.get("openBookingsHint")).execute(Tuple.of(owner)).compose(rows -> {
      long hint = rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
      if (hint < max) {
        return Future.succeededFuture(true);
      }
      return conn.preparedQuery(sql.get("countOpenBookingsOfOwner")).execute(Tuple.of(now.toEpochMilli(), owner))
          .compose(counted -> {
            Row r = counted.iterator().next();
            long notTerminated = r.getLong(0);
            Long open = r.getLong(1);
            boolean fewer = (open == null ? 0 : open) < max;
            return notTerminated == hint ? Future.succeededFuture(fewer)
                : conn.preparedQuery(sql.get("setOpenBookings")).execute(Tuple.of(notTerminated, owner)).map(fewer);
          });
    });
  }

  @Override
  public Future<Booking> updateBooking(Booking booking) {
    Future<Void> released = booking.status().state() == BookingState.TERMINATED
        ? conn.preparedQuery(sql.get("releaseOpenBookingOfVersion"))
            .execute(Tuple.of(booking.id().toString(), booking.version())).<Void>mapEmpty()
        : Future.succeededFuture();
    return released.compose(v -> conn.preparedQuery(sql.get("updateBooking")).execute(BookingRows.updateTuple(booking)))
        .compose(rows -> rows.rowCount() == 1
            ? Future.succeededFuture(booking.withVersion(booking.version() + 1))
            : Future.failedFuture(SqlBookingRepository.staleVersion()));
  }

  @Override
  public Future<Void> deleteBooking(UUID id) {
    // a subscription the NEF may still hold outlives the assignment rows as a leftover (V12)
    return releaseOpenBooking(id)
        .compose(v -> conn.preparedQuery(sql.get("moveSubscriptionsOfBooking")).execute(Tuple.of(id.toString())))
        .compose(v -> conn.preparedQuery(sql.get("deleteBooking")).execute(Tuple.of(id.toString()))).mapEmpty();
  }

  /** One open booking fewer for its owner, if the booking is open (before it is terminated or deleted). */
  private Future<Void> releaseOpenBooking(UUID id) {
    return conn.preparedQuery(sql.get("releaseOpenBooking")).execute(Tuple.of(id.toString())).mapEmpty();
  }

  @Override
  public Future<List<Assignment>> assignments(UUID bookingId) {
    return SqlBookingRepository.assignments(conn, sql, cipher, bookingId);
  }

  @Override
  public Future<List<String>> conflictingDevices(Collection<String> deviceKeys, Instant start, Instant end,
      UUID excludeBooking) {
    if (deviceKeys.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Tuple args = Tuple.of(excludeBooking.toString(), end.toEpochMilli(), start.toEpochMilli());
    deviceKeys.forEach(args::addValue);
    return conn.preparedQuery(sql.withKeys("conflictingDevices", deviceKeys.size())).execute(args).map(rows -> {
      List<String> keys = new ArrayList<>();
      rows.forEach(r -> keys.add(r.getString(0)));
      return keys;
    });
  }

  @Override
  public Future<Void> insertAssignments(Booking booking, List<Assignment> assignments) {
    if (assignments.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = assignments.stream().map(a -> BookingRows.assignmentTuple(booking, a, cipher)).toList();
    return conn.preparedQuery(sql.get("insertAssignment")).executeBatch(batch).mapEmpty();
  }

  @Override
  public Future<Void> deleteAssignments(UUID bookingId, Collection<String> deviceKeys) {
    if (deviceKeys.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = deviceKeys.stream().map(k -> Tuple.of(bookingId.toString(), k)).toList();
    // a subscription the NEF may still hold outlives its assignment row as a leftover (V12)
    return conn.preparedQuery(sql.get("moveSubscriptionOfDevice")).executeBatch(batch)
        .compose(v -> conn.preparedQuery(sql.get("deleteAssignment")).executeBatch(batch)).mapEmpty();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    return type.isInstance(conn) ? type.cast(conn) : null;
  }

  @Override
  public Future<Void> updateAssignmentState(UUID bookingId, String deviceKey, AssignmentState state) {
    return conn.preparedQuery(sql.get("updateAssignmentState"))
        .execute(Tuple.of(state.name(), bookingId.toString(), deviceKey)).mapEmpty();
  }

  @Override
  public Future<Void> schedule(JobRequest job) {
    return scheduleAll(List.of(job));
  }

  /**
   * Writes the jobs with one batch statement. With a {@link HandOff} that accepts them, jobs due by its
   * clock's now are written claimed by its owner (attempt 1, leased for its lease) and handed to it
   * after the commit.
   */
  public Future<Void> scheduleAll(List<JobRequest> requests) {
    List<JobRequest> activations = new ArrayList<>();
    List<JobRequest> jobs = new ArrayList<>();
    requests.forEach(j -> (j.kind() == JobKind.ACTIVATE ? activations : jobs).add(j));
    return activations.isEmpty() ? insertJobs(jobs) : dueActivations(activations).compose(v -> insertJobs(jobs));
  }

  /**
   * A device's ACTIVATE is carried by its assignment row (V10): one batch statement sets the due time of
   * each device's row (a device named twice: its earliest). With a {@link HandOff} that accepts them,
   * those due by its clock's now are written claimed by its owner (attempt 1, leased) and handed to it
   * after the commit. A device without an assignment row has nothing to activate: nothing is written.
   */
  private Future<Void> dueActivations(List<JobRequest> requests) {
    java.util.Map<List<String>, JobRequest> distinct = new java.util.LinkedHashMap<>();
    for (JobRequest r : requests) {
      distinct.merge(List.of(r.bookingId().toString(), r.deviceKey()), r,
          (a, b) -> b.dueAt().isBefore(a.dueAt()) ? b : a);
    }
    List<JobRequest> jobs = List.copyOf(distinct.values());
    Instant now = handOffNow(jobs);
    List<Tuple> batch = new ArrayList<>(jobs.size());
    List<Job> claimed = new ArrayList<>(jobs.size());
    for (JobRequest job : jobs) {
      Tuple t = Tuple.of(job.dueAt().toEpochMilli());
      boolean handed = now != null && !job.dueAt().isAfter(now);
      if (handed) {
        t.addValue(1).addValue(handOff.owner()).addValue(now.plus(handOff.lease()).toEpochMilli());
      } else {
        t.addValue(0).addValue(null).addValue(null);
      }
      batch.add(t.addValue(job.bookingId().toString()).addValue(job.deviceKey()));
      claimed.add(handed ? Job.ofAssignment(job.bookingId(), job.deviceKey(), job.dueAt(), 1) : null);
    }
    // a request whose device has no assignment row wrote nothing; handed off all the same, it finds
    // nothing to activate and its settling writes nothing
    return conn.preparedQuery(sql.get("dueActivation")).executeBatch(batch).<Void>map(rows -> {
      List<Job> handed = new ArrayList<>();
      Instant earliest = null;
      for (int i = 0; i < jobs.size(); i++) {
        if (claimed.get(i) != null) {
          handed.add(claimed.get(i));
        } else {
          Instant due = jobs.get(i).dueAt();
          earliest = earliest == null || due.isBefore(earliest) ? due : earliest;
        }
      }
      written(earliest, handed);
      return null;
    });
  }

  /**
   * The hand-off's now if it takes the jobs of {@code jobs} due by then (they are written claimed by it),
   * else null (all are written unclaimed).
   */
  private Instant handOffNow(List<JobRequest> jobs) {
    Instant clockNow = handOff == null ? null : handOff.clock().instant();
    long dueNow = clockNow == null ? 0 : jobs.stream().filter(j -> !j.dueAt().isAfter(clockNow)).count();
    return dueNow > 0 && handOff.accepts().test((int) dueNow) ? clockNow : null;
  }

  /** After a write of jobs: the earliest one left for a claim, and those handed off after the commit. */
  private void written(Instant earliestClaimable, List<Job> handed) {
    if (earliestClaimable != null) {
      earliestJob = earliestJob == null || earliestClaimable.isBefore(earliestJob) ? earliestClaimable : earliestJob;
    }
    if (!handed.isEmpty()) {
      List<Job> all = new ArrayList<>(handedOff);
      all.addAll(handed);
      handedOff = all;
    }
  }

  private Future<Void> insertJobs(List<JobRequest> jobs) {
    if (jobs.isEmpty()) {
      return Future.succeededFuture();
    }
    Instant now = handOffNow(jobs);
    List<Job> handed = new ArrayList<>();
    List<Tuple> batch = new ArrayList<>(jobs.size());
    Instant earliest = null;
    for (JobRequest job : jobs) {
      UUID id = JobIds.next();
      long due = job.dueAt().toEpochMilli();
      Tuple t = Tuple.of(id.toString(), job.kind().name(), job.bookingId().toString(), job.deviceKey(), due);
      if (now != null && !job.dueAt().isAfter(now)) {
        handed.add(new Job(id, job.kind(), job.bookingId(), job.deviceKey(), job.dueAt(), 1));
        batch.add(t.addValue(1).addValue(now.toEpochMilli()).addValue(handOff.owner())
            .addValue(now.plus(handOff.lease()).toEpochMilli()));
      } else {
        earliest = earliest == null || job.dueAt().isBefore(earliest) ? job.dueAt() : earliest;
        batch.add(t.addValue(0).addValue(due).addValue(null).addValue(null));
      }
    }
    Instant claimable = earliest;
    return conn.preparedQuery(sql.get("insertJob")).executeBatch(batch).<Void>mapEmpty().onSuccess(v -> {
      written(claimable, handed);
    });
  }

  @Override
  public Future<Void> appendEvent(OutboxEntry e) {
    Tuple t = Tuple.tuple().addValue(e.id().toString()).addValue(e.bookingId().toString()).addValue(e.sink())
        .addValue(BookingRows.sealed(e.sinkCredential(), cipher)).addValue(e.type()).addValue(e.source())
        .addValue(e.data()).addValue(e.createdAt().toEpochMilli()).addValue(e.createdAt().toEpochMilli())
        .addValue(e.sinkHost());
    return conn.preparedQuery(sql.get("insertOutboxEvent")).execute(t).mapEmpty();
  }
}
