package io.qosb.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Verifies the booking state machine and its QBA/QB projections. */
class BookingStatusTest {

  private static final BookingStatus REQUESTED = BookingStatus.requested();
  private static final BookingStatus SCHEDULED = BookingStatus.scheduled();
  private static final BookingStatus ACTIVE = BookingStatus.active();

  /** The allowed transitions; every other (state, event) pair must be refused. */
  private static final Map<BookingState, Map<BookingEvent, BookingStatus>> ALLOWED = Map.of(
      BookingState.REQUESTED, Map.of(
          BookingEvent.GRANT, SCHEDULED,
          BookingEvent.ACTIVATE, ACTIVE,
          BookingEvent.EXPIRE, BookingStatus.terminated(TerminationReason.DURATION_EXPIRED),
          BookingEvent.REVOKE, BookingStatus.terminated(TerminationReason.BOOKING_REVOKED),
          BookingEvent.DELETE, BookingStatus.terminated(TerminationReason.DELETE_REQUESTED)),
      BookingState.SCHEDULED, Map.of(
          BookingEvent.ACTIVATE, ACTIVE,
          BookingEvent.EXPIRE, BookingStatus.terminated(TerminationReason.DURATION_EXPIRED),
          BookingEvent.REVOKE, BookingStatus.terminated(TerminationReason.BOOKING_REVOKED),
          BookingEvent.DELETE, BookingStatus.terminated(TerminationReason.DELETE_REQUESTED)),
      BookingState.ACTIVE, Map.of(
          BookingEvent.EXPIRE, BookingStatus.terminated(TerminationReason.DURATION_EXPIRED),
          BookingEvent.NETWORK_TERMINATE, BookingStatus.terminated(TerminationReason.NETWORK_TERMINATED),
          BookingEvent.DELETE, BookingStatus.terminated(TerminationReason.DELETE_REQUESTED)),
      BookingState.TERMINATED, Map.of());

  static Stream<Arguments> allPairs() {
    List<Arguments> out = new ArrayList<>();
    List<BookingStatus> from = new ArrayList<>(List.of(REQUESTED, SCHEDULED, ACTIVE));
    for (TerminationReason r : TerminationReason.values()) {
      from.add(BookingStatus.terminated(r));
    }
    for (BookingStatus s : from) {
      for (BookingEvent e : BookingEvent.values()) {
        out.add(Arguments.of(s, e));
      }
    }
    return out.stream();
  }

  /** Verifies that each allowed transition leads to its target and each other one is refused with 409. */
  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("allPairs")
  void testTransitionFollowsTable(BookingStatus from, BookingEvent event) {
    BookingStatus expected = ALLOWED.get(from.state()).get(event);
    if (expected != null) {
      assertThat(from.allows(event)).isTrue();
      assertThat(from.on(event)).isEqualTo(expected);
    } else {
      assertThat(from.allows(event)).isFalse();
      assertThatThrownBy(() -> from.on(event)).isInstanceOfSatisfying(CamaraException.class,
          e -> assertThat(e.code()).isEqualTo("INCOMPATIBLE_STATE"));
    }
  }

  /** Verifies that a reason is required exactly for TERMINATED. */
  @Test
  void testStatusFailsForReasonMismatch() {
    assertThatThrownBy(() -> new BookingStatus(BookingState.TERMINATED, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BookingStatus(BookingState.ACTIVE, TerminationReason.BOOKING_DECLINED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Verifies the QBA projection of every status. */
  @Test
  void testQbaProjection() {
    assertThat(REQUESTED.toQba()).isEqualTo(new QbaView(QbaStatus.PENDING, QbaView.Info.VALIDATION_PENDING));
    assertThat(SCHEDULED.toQba()).isEqualTo(new QbaView(QbaStatus.SUCCESSFUL, QbaView.Info.BOOKING_ACCEPTED));
    assertThat(ACTIVE.toQba()).isEqualTo(new QbaView(QbaStatus.SUCCESSFUL, QbaView.Info.BOOKING_ACTIVATED));
    assertThat(qba(TerminationReason.DURATION_EXPIRED)).isEqualTo(new QbaView(QbaStatus.SUCCESSFUL, QbaView.Info.BOOKING_EXPIRED));
    assertThat(qba(TerminationReason.DELETE_REQUESTED)).isEqualTo(new QbaView(QbaStatus.SUCCESSFUL, QbaView.Info.BOOKING_CANCELLED));
    assertThat(qba(TerminationReason.NETWORK_TERMINATED)).isEqualTo(new QbaView(QbaStatus.FAILURE, QbaView.Info.NETWORK_TERMINATED));
    assertThat(qba(TerminationReason.BOOKING_DECLINED)).isEqualTo(new QbaView(QbaStatus.FAILURE, QbaView.Info.SERVICE_NOT_AVAILABLE));
    assertThat(qba(TerminationReason.BOOKING_REVOKED)).isEqualTo(new QbaView(QbaStatus.FAILURE, QbaView.Info.SERVICE_NOT_AVAILABLE));
  }

  /** Verifies the QB projection of every status: statusInfo only when terminated. */
  @Test
  void testQbProjection() {
    assertThat(REQUESTED.toQb()).isEqualTo(new QbView(QbView.Status.REQUESTED, null));
    assertThat(SCHEDULED.toQb()).isEqualTo(new QbView(QbView.Status.SCHEDULED, null));
    assertThat(ACTIVE.toQb()).isEqualTo(new QbView(QbView.Status.ACTIVATED, null));
    for (TerminationReason r : TerminationReason.values()) {
      assertThat(BookingStatus.terminated(r).toQb()).isEqualTo(new QbView(QbView.Status.TERMINATED, r));
    }
  }

  private static QbaView qba(TerminationReason r) {
    return BookingStatus.terminated(r).toQba();
  }
}
