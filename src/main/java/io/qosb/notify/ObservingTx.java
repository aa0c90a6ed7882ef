package io.qosb.notify;

import io.qosb.api.RequestSinks;
import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.JobRequest;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingRepository.BookingTx;
import io.qosb.booking.OutboxEntry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link BookingTx} that delegates every operation and remembers what changed: bookings as first
 * read, as last written, inserted and deleted, and devices released. {@link #flush()}, run at the
 * end of the work and still inside the transaction, appends the events the specs call for.
 */
final class ObservingTx implements BookingTx {

  private record Release(UUID bookingId, List<Assignment> released) {
  }

  private final BookingTx tx;
  private final Events events;
  private final Clock clock;
  private final RequestSinks.Given requestSink;
  private final Set<UUID> touched = new LinkedHashSet<>();
  private final Map<UUID, Booking> stored = new HashMap<>();
  private final Map<UUID, Booking> latest = new HashMap<>();
  private final Set<UUID> inserted = new HashSet<>();
  private final Map<UUID, Booking> deleted = new HashMap<>();
  private final List<Release> releases = new ArrayList<>();

  ObservingTx(BookingTx tx, Events events, Clock clock, RequestSinks.Given requestSink) {
    this.tx = tx;
    this.events = events;
    this.clock = clock;
    this.requestSink = requestSink;
  }

  @Override
  public Future<Boolean> holdsFewerOpenBookings(String owner, Instant now, long max) {
    return tx.holdsFewerOpenBookings(owner, now, max);
  }

  @Override
  public Future<Optional<Booking>> lockBooking(UUID id) {
    return tx.lockBooking(id).onSuccess(found -> found.ifPresent(b -> {
      touched.add(id);
      stored.putIfAbsent(id, b);
    }));
  }

  @Override
  public Future<Void> insertBooking(Booking booking) {
    return tx.insertBooking(booking).onSuccess(v -> {
      touched.add(booking.id());
      inserted.add(booking.id());
      latest.put(booking.id(), booking);
    });
  }

  @Override
  public Future<Booking> updateBooking(Booking booking) {
    return known(booking.id()).compose(v -> tx.updateBooking(booking)).onSuccess(b -> latest.put(b.id(), b));
  }

  @Override
  public Future<Void> deleteBooking(UUID id) {
    return known(id).compose(v -> tx.deleteBooking(id)).onSuccess(v -> {
      Booking before = latest.getOrDefault(id, stored.get(id));
      if (before != null && !inserted.contains(id)) {
        deleted.put(id, before);
      }
    });
  }

  /** Makes sure the stored booking is known before it is changed: reads (and locks) it if not. */
  private Future<Void> known(UUID id) {
    if (stored.containsKey(id) || inserted.contains(id)) {
      return Future.succeededFuture();
    }
    return lockBooking(id).mapEmpty();
  }

  @Override
  public Future<List<Assignment>> assignments(UUID bookingId) {
    return tx.assignments(bookingId);
  }

  @Override
  public Future<List<String>> conflictingDevices(Collection<String> deviceKeys, Instant start, Instant end,
      UUID excludeBooking) {
    return tx.conflictingDevices(deviceKeys, start, end, excludeBooking);
  }

  @Override
  public Future<Void> insertAssignments(Booking booking, List<Assignment> assignments) {
    return tx.insertAssignments(booking, assignments);
  }

  @Override
  public Future<Void> deleteAssignments(UUID bookingId, Collection<String> deviceKeys) {
    return known(bookingId).compose(v -> tx.assignments(bookingId)).compose(rows -> {
      List<Assignment> released = rows.stream().filter(a -> deviceKeys.contains(a.device().key())).toList();
      return tx.deleteAssignments(bookingId, deviceKeys).onSuccess(v -> {
        if (!released.isEmpty()) {
          touched.add(bookingId);
          releases.add(new Release(bookingId, released));
        }
      });
    });
  }

  @Override
  public Future<Void> appendEvent(OutboxEntry entry) {
    return tx.appendEvent(entry);
  }

  @Override
  public Future<Void> updateAssignmentState(UUID bookingId, String deviceKey, AssignmentState state) {
    return tx.updateAssignmentState(bookingId, deviceKey, state);
  }

  @Override
  public Future<Void> schedule(JobRequest job) {
    return tx.schedule(job);
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    return tx.unwrap(type);
  }

  /**
   * Appends the events of what this transaction changed, in the order the bookings were first
   * touched: status events first, then assignment events.
   *
   * @return the events appended
   */
  Future<List<OutboxEntry>> flush() {
    Instant now = clock.instant();
    List<OutboxEntry> out = new ArrayList<>();
    for (UUID id : touched) {
      if (deleted.containsKey(id)) {
        events.deleted(deleted.get(id), now).ifPresent(out::add);
      } else if (latest.containsKey(id)) {
        events.statusChanged(inserted.contains(id) ? null : stored.get(id), latest.get(id), now).ifPresent(out::add);
      }
    }
    for (Release r : releases) {
      Booking booking = latest.getOrDefault(r.bookingId(), stored.get(r.bookingId()));
      if (booking != null) {
        out.addAll(events.released(booking, r.released(), requestSink, now));
      }
    }
    Future<Void> chain = Future.succeededFuture();
    for (OutboxEntry e : out) {
      chain = chain.compose(v -> tx.appendEvent(e));
    }
    return chain.map(v -> out);
  }
}
