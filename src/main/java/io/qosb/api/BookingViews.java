package io.qosb.api;

import io.qosb.booking.ApiVersion;
import io.qosb.booking.AssignmentResult;
import io.qosb.booking.Booking;
import io.qosb.booking.Device;
import io.qosb.booking.FlowSpec;
import io.qosb.booking.QbView;
import io.qosb.booking.QbaView;
import io.qosb.booking.TerminationReason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Renders bookings as the two booking APIs define them. Exactly the fields of the specs (plus the
 * {@code sink} echo of SPEC-NOTES §A-21); never {@code sinkCredential}. {@code startTime} and
 * {@code serviceArea} are echoed as the consumer sent them (§A-23).
 */
public final class BookingViews {

  private BookingViews() {
  }

  /** QBA {@code BookingDetails}. */
  public static JsonObject qbaDetails(Booking b) {
    return new JsonObject().put("bookingId", b.id().toString()).put("totalDevices", b.totalDevices())
        .put("remainingDevices", b.remainingDevices()).put("qosProfile", b.qosProfile())
        .put("startTime", b.startTime()).put("duration", b.durationSeconds())
        .put("serviceArea", new JsonObject(b.serviceArea().json()));
  }

  /** QBA {@code BookingOutput}. */
  public static JsonObject qbaBooking(Booking b) {
    QbaView view = b.status().toQba();
    JsonObject o = qbaDetails(b).put("status", view.status().name());
    if (view.statusInfo() != null) {
      o.put("statusInfo", view.statusInfo().name());
    }
    if (b.sink() != null) {
      o.put("sink", b.sink());
    }
    return o;
  }

  /** QBA {@code DeviceAssignmentOutput}. */
  public static JsonObject qbaAssignment(AssignmentResult r) {
    JsonObject o = new JsonObject().put("bookingDetails", qbaDetails(r.booking()));
    if (!r.devices().isEmpty()) {
      o.put("devices", devices(r.devices()));
    }
    o.put("status", r.status().name());
    if (r.statusInfo() != null) {
      o.put("statusInfo", r.statusInfo().name());
    }
    return o;
  }

  /** QBA {@code RetrieveBookingsOutput}. */
  public static JsonArray qbaList(List<Booking> bookings) {
    return new JsonArray(bookings.stream().map(BookingViews::qbaDetails).toList());
  }

  /** QB {@code BookingInfo} in v0.2 terms. */
  public static JsonObject qbBooking(Booking b) {
    return qbBooking(b, ApiVersion.V0_2);
  }

  /**
   * QB {@code BookingInfo} as the given version defines it: v0.1 (r1.2) names the field {@code status}
   * and its values REQUESTED, SCHEDULED, AVAILABLE (v0.2 ACTIVATED), UNAVAILABLE (v0.2 TERMINATED),
   * and knows the statusInfo values DURATION_EXPIRED, NETWORK_TERMINATED and DELETE_REQUESTED only.
   */
  public static JsonObject qbBooking(Booking b, ApiVersion version) {
    QbView view = b.status().toQb();
    JsonObject o = new JsonObject().put("bookingId", b.id().toString()).put("qosProfile", b.qosProfile());
    if (b.device() != null && !b.deviceFromToken()) {
      o.put("device", b.device().toJson());
    }
    flows(o, b.flows());
    if (b.sink() != null) {
      o.put("sink", b.sink());
    }
    o.put("startTime", b.startTime()).put("duration", b.durationSeconds())
        .put("serviceArea", new JsonObject(b.serviceArea().json()))
        .put(qbStatusField(version), qbStatus(view.bookingStatus(), version));
    if (b.startedAt() != null && view.bookingStatus() != QbView.Status.SCHEDULED) {
      o.put("startedAt", b.startedAt().toString());
    }
    String info = qbStatusInfo(view.statusInfo(), version);
    if (info != null) {
      o.put("statusInfo", info);
    }
    return o;
  }

  /** QB list of {@code BookingInfo} in the given version's terms. */
  public static JsonArray qbList(List<Booking> bookings, ApiVersion version) {
    return new JsonArray(bookings.stream().map(b -> qbBooking(b, version)).toList());
  }

  /** @return the name of QB's status field: {@code status} in v0.1, {@code bookingStatus} in v0.2 */
  public static String qbStatusField(ApiVersion version) {
    return version == ApiVersion.V0_1 ? "status" : "bookingStatus";
  }

  /** @return a QB status value in the given version's terms */
  public static String qbStatus(QbView.Status status, ApiVersion version) {
    if (version != ApiVersion.V0_1) {
      return status.name();
    }
    return switch (status) {
      case ACTIVATED -> "AVAILABLE";
      case TERMINATED -> "UNAVAILABLE";
      default -> status.name();
    };
  }

  /**
   * @return a QB statusInfo value in the given version's terms, or null when there is none: v0.1 has
   *     no BOOKING_DECLINED (a declined booking is UNAVAILABLE without statusInfo) and no
   *     BOOKING_REVOKED (the network ended the booking: NETWORK_TERMINATED)
   */
  public static String qbStatusInfo(TerminationReason reason, ApiVersion version) {
    if (reason == null || version != ApiVersion.V0_1) {
      return reason == null ? null : reason.name();
    }
    return switch (reason) {
      case BOOKING_DECLINED -> null;
      case BOOKING_REVOKED -> "NETWORK_TERMINATED";
      default -> reason.name();
    };
  }

  private static void flows(JsonObject o, FlowSpec f) {
    if (f.applicationServer() != null) {
      o.put("applicationServer", new JsonObject(f.applicationServer()));
    }
    if (f.devicePorts() != null) {
      o.put("devicePorts", new JsonObject(f.devicePorts()));
    }
    if (f.applicationServerPorts() != null) {
      o.put("applicationServerPorts", new JsonObject(f.applicationServerPorts()));
    }
  }

  private static JsonArray devices(List<Device> devices) {
    return new JsonArray(devices.stream().map(Device::toJson).toList());
  }
}
