package io.qosb.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.acceptance.OfficialSpecs.Spec;
import io.qosb.booking.BookingEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Schema-compliant default bodies and test set-up done through the adapter's own APIs. Where a
 * booking must be ACTIVATED or TERMINATED (the NEF scheduler drives that in production), set-up
 * applies the lifecycle event to the booking engine directly ({@code BookingEngine.applyEvent}).
 */
final class Fixtures {

  private Fixtures() {
  }

  /** The request schema of the operation at the current resource (for "a valid request body"). */
  static String requestSchemaOfResource(World w) {
    String r = w.resource;
    if (r.endsWith("/device-qos-bookings")) {
      return "/components/schemas/CreateBooking";
    }
    if (r.endsWith("/retrieve-device-qos-bookings") || r.endsWith("/qos-bookings/retrieve")) {
      return "/components/schemas/RetrieveBookingByDevice";
    }
    if (r.endsWith("/retrieve-qos-profiles")) {
      return "/components/schemas/QosProfileDeviceRequest";
    }
    if (r.endsWith("/qos-bookings")) {
      return "/components/schemas/BookingInput";
    }
    throw new AssertionError("no request body at " + r);
  }

  /** The wip name of schemas the feature files still call by their r1.2 names. */
  static String currentSchemaName(World w, String schema) {
    if (OfficialSpecs.get().hasSchema(w.spec, schema)) {
      return schema;
    }
    String renamed = schema.replace("DeviceIpv4Addr", "DeviceIpv4Address");
    assertThat(OfficialSpecs.get().hasSchema(w.spec, renamed)).as("schema %s in the %s document", schema, w.spec).isTrue();
    return renamed;
  }

  /** A default body compliant with the named official schema, checked against it. */
  static JsonObject compliantBody(World w, String schema) {
    String name = schema.substring(schema.lastIndexOf('/') + 1);
    JsonObject body = switch (name) {
      case "CreateBooking" -> defaultCreateBooking(w);
      case "BookingInput" -> defaultBookingInput(w);
      case "RetrieveBookingByDevice" -> w.spec.isQba() && w.assignedDevices != null
          ? new JsonObject().put("device", w.assignedDevices.getJsonObject(0).copy())
          : new JsonObject().put("device", TestAssets.phone(TestAssets.TESTING_PHONE));
      case "QosProfileDeviceRequest" -> new JsonObject().put("device", TestAssets.phone(TestAssets.TESTING_PHONE));
      case "DeviceAssignmentInput" -> new JsonObject().put("devices", TestAssets.assignableDevices());
      default -> throw new AssertionError("no default body for " + schema);
    };
    assertThat(OfficialSpecs.get().validate(w.spec, schema, body)).as("default body %s complies with %s", body, schema)
        .isEmpty();
    return body;
  }

  /** QB CreateBooking with the testing device and every optional property set to a valid value. */
  static JsonObject defaultCreateBooking(World w) {
    JsonObject profile = selectProfile(w);
    return new JsonObject()
        .put("device", TestAssets.phone(TestAssets.TESTING_PHONE))
        .put("applicationServer", new JsonObject().put("ipv4Address", "203.0.113.10"))
        .put("devicePorts", new JsonObject().put("ranges", new JsonArray().add(new JsonObject().put("from", 5000).put("to", 5010)))
            .put("ports", new JsonArray().add(5060)))
        .put("applicationServerPorts", new JsonObject().put("ranges", new JsonArray().add(new JsonObject().put("from", 8000).put("to", 8010)))
            .put("ports", new JsonArray().add(443)))
        .put("qosProfile", profile.getString("name"))
        .put("startTime", w.slotStartTime())
        .put("duration", validDuration(w, profile, w.qb()))
        .put("serviceArea", TestAssets.serviceArea())
        .put("sink", EventReceiver.sink(w.index))
        .put("sinkCredential", accessTokenCredential(w.slotStart.plus(Duration.ofDays(2))));
  }

  /** QBA BookingInput with its required properties. */
  static JsonObject defaultBookingInput(World w) {
    JsonObject profile = selectProfile(w);
    return new JsonObject().put("numDevices", 2).put("qosProfile", profile.getString("name"))
        .put("startTime", w.slotStartTime()).put("duration", validDuration(w, profile, w.qba()))
        .put("serviceArea", TestAssets.serviceArea());
  }

  static JsonObject accessTokenCredential(Instant expires) {
    return new JsonObject().put("credentialType", "ACCESSTOKEN").put("accessToken", EventReceiver.ACCESS_TOKEN)
        .put("accessTokenExpiresUtc", expires.toString()).put("accessTokenType", "bearer");
  }

  /**
   * "A valid QoS Profile as returned by QoS Profiles API": the first ACTIVE profile the QoS Profiles
   * API returns to this scenario's consumer (asked once per scenario).
   */
  static JsonObject selectProfile(World w) {
    if (w.selectedProfile == null) {
      HttpResponse<Buffer> r = w.setupRequest(Spec.QP, "retrieveQosProfiles", Map.of(),
          new JsonObject().put("status", "ACTIVE"), w.validToken());
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      JsonArray profiles = r.bodyAsJsonArray();
      assertThat(profiles).as("ACTIVE profiles offered").isNotEmpty();
      w.selectedProfile = profiles.getJsonObject(profiles.size() - 1);
    }
    return w.selectedProfile;
  }

  /** Seconds of a CAMARA QoS Profiles {@code Duration} ({value, unit}). */
  static long seconds(JsonObject d) {
    long v = d.getLong("value");
    return switch (d.getString("unit")) {
      case "Days" -> v * 86400;
      case "Hours" -> v * 3600;
      case "Minutes" -> v * 60;
      case "Seconds" -> v;
      default -> Math.max(1, v / 1000);
    };
  }

  static long maxBookable(JsonObject profile, Spec api) {
    long apiMax = api.isQba() ? 86400 : 31622400;
    return profile.containsKey("maxDuration") ? Math.min(apiMax, seconds(profile.getJsonObject("maxDuration"))) : apiMax;
  }

  static long minBookable(JsonObject profile) {
    return profile.containsKey("minDuration") ? Math.max(1, seconds(profile.getJsonObject("minDuration"))) : 1;
  }

  /** A duration inside the selected profile's [minDuration, maxDuration] (and the API's bounds). */
  static long validDuration(World w, JsonObject profile, Spec api) {
    long min = minBookable(profile);
    long max = maxBookable(profile, api);
    assertThat(min).as("profile %s has a bookable duration", profile.getString("name")).isLessThanOrEqualTo(max);
    return Math.max(min, Math.min(max, 1800));
  }

  /** Creates a QB booking as setup; the scenario's "that QoS booking". */
  static JsonObject createQbBooking(World w, JsonObject body, String token) {
    HttpResponse<Buffer> r = w.setupRequest(w.qb(), "createBooking", Map.of(), body, token);
    assertThat(r.statusCode()).as("setup createBooking: %s", r.bodyAsString()).isEqualTo(201);
    w.createRequest = body;
    w.createResponse = r.bodyAsJsonObject();
    return w.createResponse;
  }

  /** Creates a QBA booking as setup, optionally assigning devices to it. */
  static JsonObject createQbaBooking(World w, JsonObject body, JsonArray assign) {
    HttpResponse<Buffer> r = w.setupRequest(w.qba(), "createBooking", Map.of(), body, w.validToken());
    assertThat(r.statusCode()).as("setup createBooking: %s", r.bodyAsString()).isEqualTo(201);
    w.createRequest = body;
    w.createResponse = r.bodyAsJsonObject();
    if (assign != null) {
      HttpResponse<Buffer> a = w.setupRequest(w.qba(), "assignDevices",
          Map.of("bookingId", w.createResponse.getString("bookingId")), new JsonObject().put("devices", assign),
          w.validToken());
      assertThat(a.statusCode()).as("setup assignDevices: %s", a.bodyAsString()).isEqualTo(201);
      w.assignedDevices = assign.copy();
    }
    return w.createResponse;
  }

  /** Moves a booking through its lifecycle in the engine (test set-up, see class comment). */
  static void drive(World w, BookingEvent... events) {
    UUID id = UUID.fromString(w.createResponse.getString("bookingId"));
    for (BookingEvent e : events) {
      World.adapter().verticle.engine().applyEvent(id, e).await();
    }
  }
}
