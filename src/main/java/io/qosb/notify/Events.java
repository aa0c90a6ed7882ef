package io.qosb.notify;

import io.qosb.api.BookingViews;
import io.qosb.api.RequestSinks;
import io.qosb.booking.TimeOrderedIds;
import io.qosb.booking.Api;
import io.qosb.booking.ApiVersion;
import io.qosb.booking.Assignment;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingEvent;
import io.qosb.booking.OutboxEntry;
import io.qosb.booking.QbView;
import io.qosb.booking.QbaStatus;
import io.qosb.booking.QbaView;
import io.qosb.booking.SinkCredential;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Which events the specs call for, and their {@code data}: QB {@code EventStatusChanged}
 * (SPEC-NOTES §3.5, §A-14, §A-11), QBA {@code EventBookingStatusChanged} (§2.5, §A-11, §A-16) and
 * {@code EventAssignmentStatusChanged} (§2.6, §A-17, §A-22). Bookings are rendered by the API's own
 * {@link BookingViews}, so that events and responses agree.
 */
final class Events {

  /** Assignment status info values used in events ({@code AssignmentStatusInfo}). */
  enum AssignmentInfo { ASSIGNMENT_COMPLETED, DEVICE_UNKNOWN_ERROR, DEVICE_DISCLOSURE_POLICY_APPLIED }

  private final String publicUrl;

  Events(String publicUrl) {
    this.publicUrl = Objects.requireNonNull(publicUrl);
  }

  /**
   * The status event of a booking that was stored as {@code before} and now is {@code after}.
   *
   * @param before the stored booking, or null if {@code after} was created in this transaction
   * @return the event, or empty when the status did not change, the new status has no event, or
   *     the booking has no sink
   */
  Optional<OutboxEntry> statusChanged(Booking before, Booking after, Instant at) {
    if (after.sink() == null || (before != null && before.status().equals(after.status()))) {
      return Optional.empty();
    }
    return after.api() == Api.QB ? qbStatus(after, at) : qbaStatus(before, after, at);
  }

  private Optional<OutboxEntry> qbStatus(Booking after, Instant at) {
    QbView view = after.status().toQb();
    if (view.bookingStatus() == QbView.Status.REQUESTED) {
      return Optional.empty();
    }
    // in the terms of the version the booking (and its sink) was registered through (issue 17)
    ApiVersion version = after.apiVersion();
    JsonObject data = new JsonObject().put("bookingId", after.id().toString())
        .put(BookingViews.qbStatusField(version), BookingViews.qbStatus(view.bookingStatus(), version));
    String info = BookingViews.qbStatusInfo(view.statusInfo(), version);
    if (info != null) {
      data.put("statusInfo", info);
    }
    return Optional.of(entry(after, after.sink(), after.sinkCredential(), EventType.QB_STATUS_CHANGED, data, at));
  }

  private Optional<OutboxEntry> qbaStatus(Booking before, Booking after, Instant at) {
    QbaView view = after.status().toQba();
    // a synchronous 201 answers the creation itself; PENDING is not a StatusChanged value
    if (before == null || view.status() == QbaStatus.PENDING) {
      return Optional.empty();
    }
    JsonObject details = BookingViews.qbaBooking(after);
    details.remove("sink");
    JsonObject data = new JsonObject().put("bookingDetails", details).put("status", view.status().name());
    if (view.statusInfo() != null) {
      data.put("statusInfo", view.statusInfo().name());
    }
    return Optional.of(entry(after, after.sink(), after.sinkCredential(), EventType.QBA_STATUS_CHANGED, data, at));
  }

  /**
   * The event of deleting a booking stored as {@code stored}: TERMINATED/DELETE_REQUESTED (QB) or
   * SUCCESSFUL/BOOKING_CANCELLED (QBA) for a live booking; for one whose window ended before any
   * sweep stored that, the expiry event it never got; nothing for a terminated one (§A-11).
   */
  Optional<OutboxEntry> deleted(Booking stored, Instant at) {
    if (stored.status().isTerminal()) {
      return Optional.empty();
    }
    Booking ended = stored.asOf(at);
    Booking after = ended.status().isTerminal() ? ended : stored.withStatus(BookingEvent.DELETE, at);
    return statusChanged(stored, after, at);
  }

  /**
   * The assignment events of releasing devices: to the sink of the release request, else to the
   * sink given with each device's assignment, else to the booking's sink (§A-22); one event per sink.
   */
  List<OutboxEntry> released(Booking booking, List<Assignment> released, RequestSinks.Given request, Instant at) {
    List<OutboxEntry> out = new ArrayList<>();
    for (Map.Entry<Target, List<Assignment>> group : bySink(booking, released, request).entrySet()) {
      out.add(assignmentEvent(booking, group.getKey(), group.getValue(), QbaStatus.SUCCESSFUL,
          AssignmentInfo.ASSIGNMENT_COMPLETED, at));
    }
    return out;
  }

  /**
   * The assignment events of devices whose QoS failed in the network (§A-17): FAILURE when no device
   * of the booking is active any more, else PARTIAL_SUCCESS, with DEVICE_UNKNOWN_ERROR and the
   * devices still active; to the sink of the failed devices' assignments, else the booking's.
   */
  List<OutboxEntry> devicesFailed(Booking booking, List<Assignment> failed, List<Assignment> active, Instant at) {
    List<OutboxEntry> out = new ArrayList<>();
    QbaStatus status = active.isEmpty() ? QbaStatus.FAILURE : QbaStatus.PARTIAL_SUCCESS;
    for (Target target : bySink(booking, failed, null).keySet()) {
      out.add(assignmentEvent(booking, target, active, status, AssignmentInfo.DEVICE_UNKNOWN_ERROR, at));
    }
    return out;
  }

  private record Target(String sink, SinkCredential credential) {
  }

  private static Map<Target, List<Assignment>> bySink(Booking booking, List<Assignment> rows, RequestSinks.Given request) {
    Map<Target, List<Assignment>> groups = new LinkedHashMap<>();
    for (Assignment a : rows) {
      Target t = request != null ? new Target(request.sink(), request.credential())
          : a.sink() != null ? new Target(a.sink(), a.sinkCredential())
          : new Target(booking.sink(), booking.sinkCredential());
      if (t.sink() != null) {
        groups.computeIfAbsent(t, k -> new ArrayList<>()).add(a);
      }
    }
    return groups;
  }

  private OutboxEntry assignmentEvent(Booking booking, Target target, List<Assignment> devices, QbaStatus status,
      AssignmentInfo info, Instant at) {
    JsonArray disclosed = new JsonArray();
    devices.stream().filter(a -> !a.threeLegged()).forEach(a -> disclosed.add(a.device().toJson()));
    // devices assigned with three-legged tokens are never disclosed (§A-18)
    AssignmentInfo shown = disclosed.size() < devices.size() && info == AssignmentInfo.ASSIGNMENT_COMPLETED
        ? AssignmentInfo.DEVICE_DISCLOSURE_POLICY_APPLIED : info;
    JsonObject output = new JsonObject().put("bookingDetails", BookingViews.qbaDetails(booking));
    if (!disclosed.isEmpty()) {
      output.put("devices", disclosed);
    }
    output.put("status", status.name()).put("statusInfo", shown.name());
    JsonObject data = new JsonObject().put("deviceDetails", output).put("status", status.name())
        .put("statusInfo", shown.name());
    return entry(booking, target.sink(), target.credential(), EventType.QBA_ASSIGNMENT_STATUS_CHANGED, data, at);
  }

  private OutboxEntry entry(Booking b, String sink, SinkCredential credential, EventType type, JsonObject data,
      Instant at) {
    return new OutboxEntry(TimeOrderedIds.next(), b.id(), sink, credential, type.type(), source(b), data.encode(), at);
  }

  /**
   * The CloudEvent {@code source}: the booking's resource URL (§A-25), under the version it was
   * created through. Both versions' {@code type} strings ({@code ...v0.status-changed}) and
   * {@code specversion} (1.0) are the same; the {@code data} differs for QB (see qbStatus).
   */
  String source(Booking b) {
    String version = b.apiVersion().label();
    return publicUrl + (b.api() == Api.QB ? "/qos-booking/" + version + "/device-qos-bookings/"
        : "/qos-booking-and-assignment/" + version + "/qos-bookings/") + b.id();
  }
}
