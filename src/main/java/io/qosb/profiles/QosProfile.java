package io.qosb.profiles;

import io.qosb.booking.Device;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.time.Duration;

/**
 * One QoS profile of the catalog.
 *
 * @param name the CAMARA profile name, e.g. QOS_L
 * @param status ACTIVE, INACTIVE or DEPRECATED
 * @param qosReference the NEF's pre-provisioned QoS reference for this profile
 * @param restricted offered only to devices eligible for restricted profiles
 * @param minDuration shortest bookable duration
 * @param maxDuration longest bookable duration
 * @param camara the profile as the QoS Profiles API returns it (no adapter-only fields)
 * @param offeredTo for a restricted profile: the device identifiers (phone numbers, IPv4 or IPv6
 *     addresses) it is offered to
 */
public record QosProfile(String name, String status, String qosReference, boolean restricted,
    Duration minDuration, Duration maxDuration, JsonObject camara, Set<String> offeredTo) {

  /** @return true when the device is one this profile is offered to */
  public boolean offeredTo(Device device) {
    return (device.phoneNumber() != null && offeredTo.contains(device.phoneNumber()))
        || (device.ipv4() != null && offeredTo.contains(device.ipv4().publicAddress()))
        || (device.ipv6Address() != null && offeredTo.contains(device.ipv6Address()));
  }

  /** @return true when the profile can be booked */
  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
