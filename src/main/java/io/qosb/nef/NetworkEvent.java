package io.qosb.nef;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A user plane event the NEF reported for one device of a booking, after the adapter applied it.
 *
 * @param bookingId the booking
 * @param deviceKey the device
 * @param event the TS 29.122 UserPlaneEvent name, e.g. {@code QOS_NOT_GUARANTEED}
 * @param at when it arrived
 * @param report the UserPlaneEventReport as received (a copy)
 */
public record NetworkEvent(UUID bookingId, String deviceKey, String event, Instant at, JsonObject report) {

  public NetworkEvent {
    Objects.requireNonNull(bookingId, "bookingId");
    Objects.requireNonNull(deviceKey, "deviceKey");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(at, "at");
    report = Objects.requireNonNull(report, "report").copy();
  }

  @Override
  public JsonObject report() {
    return report.copy();
  }
}
