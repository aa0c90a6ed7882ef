package io.qosb.booking;

import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the subscriber a device identifier names, at request time, so that a booking keeps
 * applying to that subscriber even if its IP address changes later.
 */
public interface DeviceDirectory {

  /**
   * A subscriber known to the {@link #listed} directory. Any identifier may be null, not all.
   *
   * @param phoneNumber E.164 phone number
   * @param ipv4Address an IPv4 address of the device (public or private)
   * @param ipv6Address an IPv6 address of the device; any address in its /64 matches
   * @param eligible false if the QoS service is not offered to this subscriber
   */
  record Entry(String phoneNumber, String ipv4Address, String ipv6Address, boolean eligible) {}

  /**
   * Resolves a device to its subscriber.
   *
   * @return the device with its subscriber {@link Device#key() key}; or failed with CamaraException
   *     422 UNSUPPORTED_IDENTIFIER (identifier type disabled), 404 IDENTIFIER_NOT_FOUND (unknown)
   *     or 422 SERVICE_NOT_APPLICABLE (not eligible)
   */
  Future<Device> resolve(Device device);

  /** A directory where every well-formed device exists and is eligible. */
  static DeviceDirectory open() {
    return open(EnumSet.allOf(Device.Type.class));
  }

  /** Like {@link #open()}, with only the given identifier types enabled. */
  static DeviceDirectory open(Set<Device.Type> supportedTypes) {
    return new OpenDeviceDirectory(supportedTypes);
  }

  /** A directory of the given subscribers, with only the given identifier types enabled. */
  static DeviceDirectory listed(List<Entry> entries, Set<Device.Type> supportedTypes) {
    return new ListedDeviceDirectory(entries, supportedTypes);
  }
}
