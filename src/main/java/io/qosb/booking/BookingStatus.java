package io.qosb.booking;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The engine state of a booking with the reason of its termination, the transition table between
 * states, and the two projections onto what the QBA and QB APIs show.
 *
 * @param state the lifecycle state
 * @param reason why the booking terminated; non-null exactly when {@code state} is TERMINATED
 */
public record BookingStatus(BookingState state, TerminationReason reason) {

  private static final Map<BookingState, Map<BookingEvent, BookingStatus>> TRANSITIONS = table();

  /**
   * @throws NullPointerException if state is null
   * @throws IllegalArgumentException if reason is given for a live state or missing for TERMINATED
   */
  public BookingStatus {
    Objects.requireNonNull(state, "state");
    if ((state == BookingState.TERMINATED) != (reason != null)) {
      throw new IllegalArgumentException("reason must be given exactly for TERMINATED");
    }
  }

  public static BookingStatus requested() {
    return new BookingStatus(BookingState.REQUESTED, null);
  }

  public static BookingStatus scheduled() {
    return new BookingStatus(BookingState.SCHEDULED, null);
  }

  public static BookingStatus active() {
    return new BookingStatus(BookingState.ACTIVE, null);
  }

  public static BookingStatus terminated(TerminationReason reason) {
    return new BookingStatus(BookingState.TERMINATED, Objects.requireNonNull(reason));
  }

  public boolean isTerminal() {
    return state == BookingState.TERMINATED;
  }

  /** True if the event is allowed in this state. */
  public boolean allows(BookingEvent event) {
    return TRANSITIONS.get(state).containsKey(event);
  }

  /**
   * The status after the event.
   *
   * @throws CamaraException 409 INCOMPATIBLE_STATE if the event is not allowed in this state
   */
  public BookingStatus on(BookingEvent event) {
    BookingStatus next = TRANSITIONS.get(state).get(Objects.requireNonNull(event));
    if (next == null) {
      throw CamaraException.incompatibleState("The booking is " + describe() + "; it cannot " + event.name().toLowerCase().replace('_', ' ') + ".");
    }
    return next;
  }

  /** The QBA {@code status}/{@code statusInfo}. */
  public QbaView toQba() {
    return switch (state) {
      case REQUESTED -> new QbaView(QbaStatus.PENDING, QbaView.Info.VALIDATION_PENDING);
      case SCHEDULED -> new QbaView(QbaStatus.SUCCESSFUL, QbaView.Info.BOOKING_ACCEPTED);
      case ACTIVE -> new QbaView(QbaStatus.SUCCESSFUL, QbaView.Info.BOOKING_ACTIVATED);
      case TERMINATED -> switch (reason) {
        case DURATION_EXPIRED -> new QbaView(QbaStatus.SUCCESSFUL, QbaView.Info.BOOKING_EXPIRED);
        case DELETE_REQUESTED -> new QbaView(QbaStatus.SUCCESSFUL, QbaView.Info.BOOKING_CANCELLED);
        case NETWORK_TERMINATED -> new QbaView(QbaStatus.FAILURE, QbaView.Info.NETWORK_TERMINATED);
        case BOOKING_DECLINED, BOOKING_REVOKED -> new QbaView(QbaStatus.FAILURE, QbaView.Info.SERVICE_NOT_AVAILABLE);
      };
    };
  }

  /** The QB {@code bookingStatus}/{@code statusInfo}. */
  public QbView toQb() {
    return switch (state) {
      case REQUESTED -> new QbView(QbView.Status.REQUESTED, null);
      case SCHEDULED -> new QbView(QbView.Status.SCHEDULED, null);
      case ACTIVE -> new QbView(QbView.Status.ACTIVATED, null);
      case TERMINATED -> new QbView(QbView.Status.TERMINATED, reason);
    };
  }

  /** Lower-case words for messages, e.g. "terminated (booking expired)". */
  public String describe() {
    return isTerminal()
        ? "terminated (" + reason.name().toLowerCase().replace('_', ' ') + ")"
        : state.name().toLowerCase();
  }

  private static Map<BookingState, Map<BookingEvent, BookingStatus>> table() {
    Map<BookingState, Map<BookingEvent, BookingStatus>> t = new EnumMap<>(BookingState.class);
    for (BookingState s : BookingState.values()) {
      t.put(s, new EnumMap<>(BookingEvent.class));
    }
    BookingStatus expired = terminated(TerminationReason.DURATION_EXPIRED);
    BookingStatus revoked = terminated(TerminationReason.BOOKING_REVOKED);
    BookingStatus deleted = terminated(TerminationReason.DELETE_REQUESTED);
    t.get(BookingState.REQUESTED).putAll(Map.of(BookingEvent.GRANT, scheduled(), BookingEvent.ACTIVATE, active(),
        BookingEvent.EXPIRE, expired, BookingEvent.REVOKE, revoked, BookingEvent.DELETE, deleted));
    t.get(BookingState.SCHEDULED).putAll(Map.of(BookingEvent.ACTIVATE, active(),
        BookingEvent.EXPIRE, expired, BookingEvent.REVOKE, revoked, BookingEvent.DELETE, deleted));
    t.get(BookingState.ACTIVE).putAll(Map.of(BookingEvent.EXPIRE, expired,
        BookingEvent.NETWORK_TERMINATE, terminated(TerminationReason.NETWORK_TERMINATED), BookingEvent.DELETE, deleted));
    return t;
  }
}
