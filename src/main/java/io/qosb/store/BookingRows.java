package io.qosb.store;

import io.qosb.booking.Api;
import io.qosb.booking.ApiVersion;
import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingState;
import io.qosb.booking.BookingStatus;
import io.qosb.booking.Device;
import io.qosb.booking.FlowSpec;
import io.qosb.booking.ServiceArea;
import io.qosb.booking.SinkCredential;
import io.qosb.booking.TerminationReason;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/**
 * Maps bookings and assignments to and from rows, by column position (see db/statements.sql). Sink
 * credentials pass through a {@link SecretCipher}: sealed when written, opened when read.
 */
final class BookingRows {

  private BookingRows() {
  }

  static Tuple insertTuple(Booking b, SecretCipher cipher) {
    Tuple t = Tuple.tuple();
    t.addValue(b.id().toString()).addValue(b.owner()).addValue(b.api().name()).addValue(b.qosProfile())
        .addValue(b.startTime()).addValue(b.start().toEpochMilli()).addValue(b.end().toEpochMilli())
        .addValue(b.durationSeconds()).addValue(b.serviceArea().json()).addValue(b.totalDevices())
        .addValue(b.remainingDevices()).addValue(b.status().state().name()).addValue(reason(b.status()))
        .addValue(b.sink()).addValue(sealed(b.sinkCredential(), cipher))
        .addValue(b.device() == null ? null : b.device().toJson().encode())
        .addValue(b.device() == null ? null : b.device().key()).addValue(b.deviceFromToken())
        .addValue(b.flows().isEmpty() ? null : flowsJson(b.flows())).addValue(b.createdAt().toEpochMilli())
        .addValue(millis(b.startedAt())).addValue(millis(b.terminatedAt())).addValue(b.version())
        .addValue(b.apiVersion().label());
    return t;
  }

  /** Parameters of updateBooking: the mutable columns, then id and the expected version. */
  static Tuple updateTuple(Booking b) {
    Tuple t = Tuple.tuple();
    t.addValue(b.remainingDevices()).addValue(b.status().state().name()).addValue(reason(b.status()))
        .addValue(millis(b.startedAt())).addValue(millis(b.terminatedAt()))
        .addValue(b.id().toString()).addValue(b.version());
    return t;
  }

  static Booking booking(Row r, SecretCipher cipher) {
    Api api = Api.valueOf(r.getString(2));
    String reason = r.getString(12);
    BookingStatus status = new BookingStatus(BookingState.valueOf(r.getString(11)),
        reason == null ? null : TerminationReason.valueOf(reason));
    String deviceJson = r.getString(15);
    Device device = deviceJson == null ? null : Device.fromStored(new JsonObject(deviceJson), r.getString(16));
    return new Booking(UUID.fromString(r.getString(0)), r.getString(1), api, r.getString(3), r.getString(4),
        Instant.ofEpochMilli(r.getLong(5)), r.getLong(7), ServiceArea.fromStored(r.getString(8), api),
        r.getInteger(9), r.getInteger(10), status, r.getString(13), opened(r.getString(14), cipher),
        device, Boolean.TRUE.equals(r.getBoolean(17)), flows(r.getString(18)), Instant.ofEpochMilli(r.getLong(19)),
        instant(r.getLong(20)), instant(r.getLong(21)), r.getLong(22), ApiVersion.of(r.getString(23)));
  }

  static Tuple assignmentTuple(Booking b, Assignment a, SecretCipher cipher) {
    Tuple t = Tuple.tuple();
    t.addValue(a.bookingId().toString()).addValue(a.device().key()).addValue(a.device().toJson().encode())
        .addValue(a.state().name()).addValue(a.threeLegged()).addValue(a.sink())
        .addValue(sealed(a.sinkCredential(), cipher))
        .addValue(a.assignedAt().toEpochMilli()).addValue(b.start().toEpochMilli()).addValue(b.end().toEpochMilli());
    return t;
  }

  static Assignment assignment(Row r, SecretCipher cipher) {
    Device device = Device.fromStored(new JsonObject(r.getString(2)), r.getString(1));
    return new Assignment(UUID.fromString(r.getString(0)), device, AssignmentState.valueOf(r.getString(3)),
        Boolean.TRUE.equals(r.getBoolean(4)), r.getString(5), opened(r.getString(6), cipher),
        Instant.ofEpochMilli(r.getLong(7)));
  }

  /** The sink credential column value: the credential JSON sealed by the cipher, or null. */
  static String sealed(SinkCredential credential, SecretCipher cipher) {
    if (credential == null) {
      return null;
    }
    return credential.unopened() != null ? credential.unopened() : cipher.seal(credential.json());
  }

  /** The credential of a column; one no configured key opens reads as unopenable, not as a failure (issue 15). */
  static SinkCredential opened(String column, SecretCipher cipher) {
    if (column == null) {
      return null;
    }
    try {
      return new SinkCredential(cipher.open(column));
    } catch (IllegalStateException e) {
      return SinkCredential.unopenable(column);
    }
  }

  private static String reason(BookingStatus s) {
    return s.reason() == null ? null : s.reason().name();
  }

  private static Long millis(Instant i) {
    return i == null ? null : i.toEpochMilli();
  }

  private static Instant instant(Long ms) {
    return ms == null ? null : Instant.ofEpochMilli(ms);
  }

  private static String flowsJson(FlowSpec f) {
    JsonObject o = new JsonObject();
    if (f.applicationServer() != null) {
      o.put("applicationServer", new JsonObject(f.applicationServer()));
    }
    if (f.devicePorts() != null) {
      o.put("devicePorts", new JsonObject(f.devicePorts()));
    }
    if (f.applicationServerPorts() != null) {
      o.put("applicationServerPorts", new JsonObject(f.applicationServerPorts()));
    }
    return o.encode();
  }

  private static FlowSpec flows(String json) {
    if (json == null) {
      return FlowSpec.NONE;
    }
    JsonObject o = new JsonObject(json);
    return new FlowSpec(encoded(o, "applicationServer"), encoded(o, "devicePorts"), encoded(o, "applicationServerPorts"));
  }

  private static String encoded(JsonObject o, String key) {
    JsonObject v = o.getJsonObject(key);
    return v == null ? null : v.encode();
  }
}
