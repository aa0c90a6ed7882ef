package io.qosb.notify;

import io.qosb.api.RequestSinks;
import io.qosb.booking.Api;
import io.qosb.booking.Assignment;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingRepository;
import io.qosb.booking.OutboxEntry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link BookingRepository} that delegates everything and, in every transaction, appends the
 * events of the status changes and device releases the work made, in the same transaction: the
 * outbox commits with the change or not at all. The booking engine stays unaware of notifications.
 */
public final class ObservingBookingRepository implements BookingRepository {

  private final BookingRepository delegate;
  private final Events events;
  private final Clock clock;
  private final Consumer<List<OutboxEntry>> committed;

  /**
   * @param delegate the repository that stores
   * @param events decides the events
   * @param clock the time of the events
   * @param committed told the events of each committed transaction that appended any
   */
  ObservingBookingRepository(BookingRepository delegate, Events events, Clock clock,
      Consumer<List<OutboxEntry>> committed) {
    this.delegate = Objects.requireNonNull(delegate);
    this.events = Objects.requireNonNull(events);
    this.clock = Objects.requireNonNull(clock);
    this.committed = Objects.requireNonNull(committed);
  }

  @Override
  public <T> Future<T> inTransaction(Collection<String> deviceKeys, Function<BookingTx, Future<T>> work) {
    RequestSinks.Given requestSink = RequestSinks.current();
    List<OutboxEntry> appended = new ArrayList<>();
    return delegate.inTransaction(deviceKeys, tx -> {
      appended.clear();
      ObservingTx observing = new ObservingTx(tx, events, clock, requestSink);
      return work.apply(observing).compose(result -> observing.flush().map(list -> {
        appended.addAll(list);
        return result;
      }));
    }).onSuccess(r -> {
      if (!appended.isEmpty()) {
        committed.accept(List.copyOf(appended));
      }
    });
  }

  @Override
  public Future<Optional<Booking>> find(UUID id) {
    return delegate.find(id);
  }

  @Override
  public Future<List<Assignment>> assignments(UUID bookingId) {
    return delegate.assignments(bookingId);
  }

  @Override
  public Future<List<Booking>> liveBookingsOfDevice(String deviceKey, Api api, String owner, Instant now, int limit) {
    return delegate.liveBookingsOfDevice(deviceKey, api, owner, now, limit);
  }

  @Override
  public Future<List<Booking>> bookingsOfOwner(String owner) {
    return delegate.bookingsOfOwner(owner);
  }

  @Override
  public Future<List<UUID>> dueForExpiry(Instant now, int limit) {
    return delegate.dueForExpiry(now, limit);
  }

  @Override
  public Future<Integer> purgeEndedBefore(Instant cutoff) {
    return delegate.purgeEndedBefore(cutoff);
  }
}
