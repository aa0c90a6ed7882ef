package io.qosb.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qosb.booking.AssignmentState.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Verifies the assignment state machine. */
class AssignmentStateTest {

  private static final Map<AssignmentState, Map<Event, AssignmentState>> ALLOWED = Map.of(
      AssignmentState.ASSIGNED, Map.of(Event.ACTIVATE, AssignmentState.ACTIVE, Event.FAIL, AssignmentState.FAILED,
          Event.RELEASE, AssignmentState.RELEASED),
      AssignmentState.ACTIVE, Map.of(Event.FAIL, AssignmentState.FAILED, Event.RELEASE, AssignmentState.RELEASED),
      AssignmentState.FAILED, Map.of(Event.ACTIVATE, AssignmentState.ACTIVE, Event.RELEASE, AssignmentState.RELEASED),
      AssignmentState.RELEASED, Map.of());

  static Stream<Arguments> allPairs() {
    List<Arguments> out = new ArrayList<>();
    for (AssignmentState s : AssignmentState.values()) {
      for (Event e : Event.values()) {
        out.add(Arguments.of(s, e));
      }
    }
    return out.stream();
  }

  /** Verifies that each allowed transition leads to its target and each other one is refused with 409. */
  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("allPairs")
  void testTransitionFollowsTable(AssignmentState from, Event event) {
    AssignmentState expected = ALLOWED.get(from).get(event);
    if (expected != null) {
      assertThat(from.allows(event)).isTrue();
      assertThat(from.on(event)).isEqualTo(expected);
    } else {
      assertThat(from.allows(event)).isFalse();
      assertThatThrownBy(() -> from.on(event)).isInstanceOfSatisfying(CamaraException.class,
          e -> assertThat(e.status()).isEqualTo(409));
    }
  }
}
