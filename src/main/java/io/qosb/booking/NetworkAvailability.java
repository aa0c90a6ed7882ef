package io.qosb.booking;

/**
 * Whether the network (the NEF) can be asked for QoS right now. Operations that need the network at
 * once (assigning a device to an active booking, deleting an active booking) fail with 503 while it
 * cannot; bookings for later are still accepted.
 */
@FunctionalInterface
public interface NetworkAvailability {

  /** True while the network accepts requests (e.g. the NEF client's circuit is closed). */
  boolean available();

  /** A network that is always available. */
  static NetworkAvailability always() {
    return () -> true;
  }
}
