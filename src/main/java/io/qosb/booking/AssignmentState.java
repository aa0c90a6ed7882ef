package io.qosb.booking;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Lifecycle of one device's assignment to a booking, with its transition table. */
public enum AssignmentState {
  /** Assigned; QoS not (yet) requested from the network. */
  ASSIGNED,
  /** The network granted the QoS for the device. */
  ACTIVE,
  /** The network refused or lost the QoS for the device; the slot stays consumed (§A-17). */
  FAILED,
  /** Released by the consumer or the end of the booking; terminal, the slot is free again. */
  RELEASED;

  /** What can happen to an assignment. */
  public enum Event { ACTIVATE, FAIL, RELEASE }

  private static final Map<AssignmentState, Map<Event, AssignmentState>> TRANSITIONS = table();

  /** True if the event is allowed in this state. */
  public boolean allows(Event event) {
    return TRANSITIONS.get(this).containsKey(event);
  }

  /**
   * The state after the event.
   *
   * @throws CamaraException 409 INCOMPATIBLE_STATE if the event is not allowed in this state
   */
  public AssignmentState on(Event event) {
    AssignmentState next = TRANSITIONS.get(this).get(Objects.requireNonNull(event));
    if (next == null) {
      throw CamaraException.incompatibleState("The device assignment is " + name().toLowerCase()
          + "; it cannot " + event.name().toLowerCase() + ".");
    }
    return next;
  }

  /** States whose slot counts against {@code totalDevices}. */
  public static Set<AssignmentState> holdingSlot() {
    return EnumSet.of(ASSIGNED, ACTIVE, FAILED);
  }

  private static Map<AssignmentState, Map<Event, AssignmentState>> table() {
    Map<AssignmentState, Map<Event, AssignmentState>> t = new EnumMap<>(AssignmentState.class);
    t.put(ASSIGNED, Map.of(Event.ACTIVATE, ACTIVE, Event.FAIL, FAILED, Event.RELEASE, RELEASED));
    t.put(ACTIVE, Map.of(Event.FAIL, FAILED, Event.RELEASE, RELEASED));
    // a failed activation may be retried
    t.put(FAILED, Map.of(Event.ACTIVATE, ACTIVE, Event.RELEASE, RELEASED));
    t.put(RELEASED, Map.of());
    return t;
  }
}
