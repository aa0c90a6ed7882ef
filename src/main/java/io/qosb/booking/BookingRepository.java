package io.qosb.booking;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Where bookings and assignments live. Implemented by the SQL store; the engine keeps the rules.
 */
public interface BookingRepository {

  /**
   * Runs the work in one transaction that first takes an exclusive lock per device key, so that two
   * transactions touching the same device run one after the other. Commits if the work's future
   * succeeds, rolls back otherwise.
   */
  <T> Future<T> inTransaction(Collection<String> deviceKeys, Function<BookingTx, Future<T>> work);

  /** The booking, or empty. */
  Future<Optional<Booking>> find(UUID id);

  /** The devices assigned to a booking, in order of assignment. */
  Future<List<Assignment>> assignments(UUID bookingId);

  /**
   * Non-terminal bookings of the API whose window has not ended at {@code now} and that hold the
   * device: those of {@code owner} first, each group newest first; at most {@code limit}.
   */
  Future<List<Booking>> liveBookingsOfDevice(String deviceKey, Api api, String owner, Instant now, int limit);

  /** The bookings an API consumer owns. */
  Future<List<Booking>> bookingsOfOwner(String owner);

  /** Ids of non-terminal bookings whose window ended at or before {@code now}. */
  Future<List<UUID>> dueForExpiry(Instant now, int limit);

  /**
   * Deletes bookings (and their assignments) terminated at or before {@code cutoff}, and live ones
   * whose window ended at or before it.
   *
   * @return the number of bookings deleted
   */
  Future<Integer> purgeEndedBefore(Instant cutoff);

  /** Operations inside a {@link #inTransaction} unit. */
  interface BookingTx {

    /** Reads and locks the booking for the rest of the transaction. */
    Future<Optional<Booking>> lockBooking(UUID id);

    /**
     * Inserts the booking together with its START, due at its start: the booking row carries its next
     * due time (its START, then its END once the START ran), so no separate job is scheduled for them.
     */
    Future<Void> insertBooking(Booking booking);

    /**
     * Whether the owner holds fewer than {@code max} open bookings (not terminated and not ended at
     * {@code now}). Costs one row read while the owner is below the limit.
     */
    Future<Boolean> holdsFewerOpenBookings(String owner, Instant now, long max);

    /**
     * Stores the booking if its stored version still is {@code booking.version()}.
     *
     * @return the booking with its new version; failed with 409 ABORTED on a version mismatch
     */
    Future<Booking> updateBooking(Booking booking);

    Future<Void> deleteBooking(UUID id);

    Future<List<Assignment>> assignments(UUID bookingId);

    /**
     * Keys among {@code deviceKeys} assigned to a non-terminal booking other than
     * {@code excludeBooking} whose window overlaps [start, end).
     */
    Future<List<String>> conflictingDevices(Collection<String> deviceKeys, Instant start, Instant end,
        UUID excludeBooking);

    Future<Void> insertAssignments(Booking booking, List<Assignment> assignments);

    Future<Void> deleteAssignments(UUID bookingId, Collection<String> deviceKeys);

    /**
     * The implementation's handle of this transaction (e.g. its SQL connection), for ports such as
     * {@link Admission} that write in the same transaction.
     *
     * @return the handle, or null if the implementation has none of that type
     */
    default <T> T unwrap(Class<T> type) {
      return null;
    }
    /** Sets the state of one assignment (the caller checked the transition). */
    Future<Void> updateAssignmentState(UUID bookingId, String deviceKey, AssignmentState state);

    /**
     * Writes a durable job, committed or rolled back with the rest of the transaction. After a commit
     * the scheduler of this process is told, so that a job due now runs within a second.
     */
    Future<Void> schedule(JobRequest job);

    /**
     * Writes a notification to the outbox, committed or rolled back with the rest of the transaction
     * (issue 7: the notifier sends it after the commit).
     */
    Future<Void> appendEvent(OutboxEntry entry);
  }
}
