package io.qosb.profiles;

import io.vertx.core.json.JsonObject;
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
 */
public record QosProfile(String name, String status, String qosReference, boolean restricted,
    Duration minDuration, Duration maxDuration, JsonObject camara) {

  /** @return true when the profile can be booked */
  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
