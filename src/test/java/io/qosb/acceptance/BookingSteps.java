package io.qosb.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.qosb.acceptance.OfficialSpecs.Spec;
import io.qosb.booking.BookingEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** Steps about booking request values and the bookings a scenario needs to exist. */
public class BookingSteps {

  private final World w = World.get();

  // ------------------------------------------------------------ values

  @Given("^the request (?:body )?property \"\\$\\.qosProfile\" is set to a valid QoS Profile(?: as returned by QoS Profiles API)?$")
  public void validProfile() {
    w.setBodyProperty("$.qosProfile", Fixtures.selectProfile(w).getString("name"));
  }

  @Given("^the request (?:body )?property \"\\$\\.startTime\" is set to a valid (?:time|value in the future compliant with the service restrictions)$")
  public void validStartTime() {
    w.setBodyProperty("$.startTime", w.slotStartTime());
  }

  @Given("^the request (?:body )?property \"\\$\\.duration\" is set to a valid duration for the selected QoS profile$")
  public void validDuration() {
    w.setBodyProperty("$.duration", Fixtures.validDuration(w, profileOfBody(), w.spec));
  }

  @Given("^the request body property \"\\$\\.duration\" is set to an invalid duration for the selected qosProfile$")
  public void invalidDuration() {
    JsonObject profile = profileOfBody();
    long max = Fixtures.maxBookable(profile, w.spec);
    long min = Fixtures.minBookable(profile);
    long invalid = max < (w.spec.isQba() ? 86400 : 31622400) ? max + 1 : min - 1;
    assertThat(invalid).as("profile %s limits the duration", profile.getString("name")).isPositive();
    w.setBodyProperty("$.duration", invalid);
  }

  /** The profile named by the body, as the QoS Profiles API describes it. */
  private JsonObject profileOfBody() {
    String name = (String) World.read(w.body, "$.qosProfile");
    HttpResponse<Buffer> r = w.setupRequest(Spec.QP, "getQosProfile", Map.of("name", name), null, w.validToken());
    assertThat(r.statusCode()).as("QoS profile %s: %s", name, r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Given("^the request (?:body )?property \"\\$\\.serviceArea\" is set to a valid (?:value compliant with the service restrictions|service area)$")
  public void validArea() {
    w.setBodyProperty("$.serviceArea", TestAssets.serviceArea());
  }

  @Given("^the request body property \"\\$\\.serviceArea\" is set to a valid service area compliant with schema at \"([^\"]*)\"$")
  public void validAreaSchema(String schema) {
    assertThat(OfficialSpecs.get().validate(w.spec, schema, TestAssets.serviceArea())).isEmpty();
    validArea();
  }

  @Given("^any optional request property if included is set to a valid value$")
  public void optionalsValid() {
    JsonObject body = w.bodyJson();
    assertThat(body.fieldNames()).as("the default body includes optional properties")
        .contains("applicationServer", "devicePorts", "applicationServerPorts", "sink", "sinkCredential");
    assertThat(OfficialSpecs.get().validate(w.spec, "/components/schemas/CreateBooking", body)).isEmpty();
  }

  @Given("^the request body property \"\\$\\.sink\" is set to a valid notification URL$")
  public void validSink() {
    w.setBodyProperty("$.sink", EventReceiver.sink(w.index));
  }

  @Given("^the request property \"\\$\\.sink\" is set to a URL where events can be monitored$")
  public void monitoredSink() {
    validSink();
  }

  @Given("^the request body property \"\\$\\.sinkCredential\\.credentialType\" is set to a value compliant with schema at \"([^\"]*)\"$")
  public void compliantCredential(String schema) {
    JsonObject credential = Fixtures.accessTokenCredential(w.slotStart.plus(Duration.ofDays(2)));
    assertThat(OfficialSpecs.get().validate(w.spec, schema, credential)).isEmpty();
    w.setBodyProperty("$.sinkCredential", credential);
  }

  @Given("^the request property \"\\$\\.sinkCredential\\.accessToken\" is set to a valid access token accepted by the events receiver$")
  public void receiverToken() {
    w.setBodyProperty("$.sinkCredential.accessToken", EventReceiver.ACCESS_TOKEN);
  }

  @Given("^the request property \"\\$\\.sinkCredential\\.accessTokenExpiresUtc\" is set to a time value later than \"\\$\\.startTime\" \\+ \"\\$\\.duration\"$")
  public void expiryAfterEnd() {
    Instant start = OffsetDateTime.parse((String) World.read(w.body, "$.startTime")).toInstant();
    long duration = ((Number) World.read(w.body, "$.duration")).longValue();
    w.setBodyProperty("$.sinkCredential.accessTokenExpiresUtc", start.plusSeconds(duration + 3600).toString());
  }

  @Given("^the request body property +\"\\$\\.sinkCredential\\.accessTokenType\" is set to a value other than \"bearer\"$")
  public void notBearer() {
    w.setBodyProperty("$.sinkCredential.accessTokenType", "mac");
  }

  @Given("^the request body property +\"\\$\\.sinkCredential\\.accessTokenExpiresUtc\" is set to a value in the past$")
  public void expiredCredential() {
    w.setBodyProperty("$.sinkCredential.accessTokenExpiresUtc", Instant.now().minus(Duration.ofHours(1)).toString());
  }

  @Given("^the request body property +\"\\$\\.sink\" is set to an invalid or not acceptable value$")
  public void invalidSink() {
    // not https: notifications must use HTTPS (pattern ^https://.+$)
    String sink = "http://sink.example.com/notifications";
    assertThat(OfficialSpecs.get().validate(w.spec, "/components/schemas/BaseBookingInfo/properties/sink", sink)).isNotEmpty();
    w.setBodyProperty("$.sink", sink);
  }

  @Given("^the request body property \"\\$\\.qosProfile\" is set to a non existent QoS profile$")
  public void unknownProfile() {
    String name = "QOS_NOT_EXISTING_" + w.index;
    HttpResponse<Buffer> r = w.setupRequest(Spec.QP, "getQosProfile", Map.of("name", name), null, w.validToken());
    assertThat(r.statusCode()).as("QoS Profiles API knows no %s", name).isEqualTo(404);
    w.setBodyProperty("$.qosProfile", name);
  }

  @Given("^the request body property \"\\$\\.qosProfile\" exists but is not applicable for the booking$")
  public void notBookableProfile() {
    String name = TestAssets.NOT_BOOKABLE_PROFILE;
    HttpResponse<Buffer> r = w.setupRequest(Spec.QP, "getQosProfile", Map.of("name", name), null, w.validToken());
    assertThat(r.statusCode()).as("QoS profile %s exists", name).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("status")).as("not ACTIVE, so not bookable").isNotEqualTo("ACTIVE");
    w.setBodyProperty("$.qosProfile", name);
  }

  @Given("^the request body property \"\\$\\.serviceArea\" is not compliant with the schema \"([^\"]*)\"$")
  public void areaNotCompliant(String schema) {
    JsonObject area = w.bodyJson().getJsonObject("serviceArea").copy();
    switch (area.getString("areaType")) {
      case "CIRCLE" -> area.put("radius", 0);
      case "POLYGON" -> area.put("boundary", new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("latitude", 41.38).put("longitude", 2.17))
          .add(new JsonObject().put("latitude", 41.39).put("longitude", 2.18)));
      case "AREANAME" -> area.put("areaName", "A".repeat(300));
      default -> throw new AssertionError("unknown area type " + area.getString("areaType"));
    }
    assertThat(OfficialSpecs.get().validate(w.spec, schema, area)).as("%s does not comply with %s", area, schema)
        .isNotEmpty();
    w.setBodyProperty("$.serviceArea", area);
  }

  @Given("^that the operator does not support a service area of type \"([^\"]*)\"$")
  public void unsupportedAreaType(String type) {
    assertThat(TestAssets.UNSUPPORTED_AREA_TYPES).as("area types this adapter does not support").contains(type);
  }

  @Given("^the request body property \"\\$\\.serviceArea\" is set to an area where the service is not provided by the operator$")
  public void areaNotCovered() {
    assertThat(TestAssets.AREA_NOT_COVERED).as("the test profile defines an area outside the coverage").isNotNull();
    w.setBodyProperty("$.serviceArea", TestAssets.AREA_NOT_COVERED);
  }

  @Given("^the operator cannot fulfil the booking at the time of creation$")
  public void cannotFulfil() {
    w.setBodyProperty("$.serviceArea", TestAssets.AREA_WITHOUT_CAPACITY);
  }

  // ------------------------------------------------------------ devices of the scenario

  @Given("^a valid testing device supported by the service, identified by the token or provided in the request body$")
  public void testingDevice() {
    w.setBodyProperty("$.device", TestAssets.phone(TestAssets.TESTING_PHONE));
  }

  @Given("^a valid testing device supported by the service, identified by the token or provided in the request body,? with QoS active bookings associated$")
  public void deviceWithBookings() {
    Fixtures.createQbBooking(w, Fixtures.defaultCreateBooking(w), w.validToken());
    testingDevice();
  }

  @Given("^a valid testing device supported by the service, identified by the token or provided in the request body,? with no QoS active bookings associated$")
  public void deviceWithoutBookings() {
    w.setBodyProperty("$.device", TestAssets.phone(TestAssets.NO_BOOKINGS_PHONE));
  }

  @Given("^a valid testing device with an existing QoS Booking, identified by the token or provided in the request body$")
  public void qbaDeviceWithBooking() {
    if (w.specOrFeature().isQb()) {
      // r1.2's QoS Booking file uses this QBA sentence: a QB booking of the testing device
      Fixtures.createQbBooking(w, Fixtures.defaultCreateBooking(w), w.validToken());
    } else {
      Fixtures.createQbaBooking(w, Fixtures.defaultBookingInput(w),
          new io.vertx.core.json.JsonArray().add(TestAssets.phone(TestAssets.TESTING_PHONE)));
    }
    w.body = new JsonObject().put("device", TestAssets.phone(TestAssets.TESTING_PHONE)).encode();
    w.operationId = "retrieveBookingByDevice";
  }

  @Given("^a valid device, identified by the token or provided in the request body, for which the service is not applicable$")
  public void notApplicableDevice() {
    w.setBodyProperty("$.device", TestAssets.phone(TestAssets.NOT_APPLICABLE_PHONE));
  }

  @Given("^that the service is not available for all devices commercialized by the operator$")
  public void someDevicesIneligible() {
    assertThat(TestAssets.subscribers().stream().anyMatch(s -> !s.getBoolean("eligible", true)))
        .as("the test subscriber directory has a device the service is not applicable to").isTrue();
  }

  @Given("^that some types of device identifiers are not supported by the implementation$")
  public void someIdentifierTypesUnsupported() {
    assertThat(TestAssets.supportedIdentifierTypes()).as("supported identifier types")
        .doesNotContain("networkAccessIdentifier");
  }

  // ------------------------------------------------------------ bookings that exist

  @Given("^(?:an existing QoS booking with \"bookingId\" is created by the operation \"createBooking\"|(?:the )?\"bookingId\" is created by operation \"createBooking\")$")
  public void qbaBookingExists() {
    boolean needsDevices = w.resource.endsWith("/devices/release") || w.resource.endsWith("/devices");
    JsonObject body = Fixtures.defaultBookingInput(w).put("numDevices", 3);
    Fixtures.createQbaBooking(w, body, needsDevices ? TestAssets.assignableDevices() : null);
    w.pathParams.put("bookingId", w.createResponse.getString("bookingId"));
  }

  @Given("^the path parameter \"bookingId\" is set by default to an? existing QoS booking bookingId$")
  public void defaultBookingId() {
    Fixtures.createQbBooking(w, Fixtures.defaultCreateBooking(w), w.validToken());
    w.pathParams.put("bookingId", w.createResponse.getString("bookingId"));
  }

  @Given("^an existing QoS booking created by operation createBooking$")
  public void existingBooking() {
    if (w.createResponse == null) {
      Fixtures.createQbBooking(w, Fixtures.defaultCreateBooking(w), w.validToken());
    }
  }

  @Given("^the path parameter \"bookingId\" is set to the value for that QoS booking$")
  public void bookingIdOfThat() {
    w.pathParams.put("bookingId", w.createResponse.getString("bookingId"));
  }

  @Given("^an existing QoS booking that reached bookingStatus \"TERMINATED\" in the last 360 seconds$")
  public void recentlyTerminated() {
    existingBooking();
    Fixtures.drive(w, BookingEvent.ACTIVATE, BookingEvent.EXPIRE);
  }

  @Given("^an existing QoS booking created by operation createBooking in bookingStatus \"REQUESTED\", \"SCHEDULED\" or \"ACTIVATED\"$")
  public void liveBooking() {
    existingBooking();
  }

  @Given("^an existing QoS booking created by operation createBooking with provided values for \"sink\" and \"sinkCredential\", and with bookingStatus \"REQUESTED\", \"ACTIVATED\" or \"SCHEDULED\"$")
  public void liveBookingWithSink() {
    existingBooking();
    assertThat(w.createRequest.fieldNames()).contains("sink", "sinkCredential");
  }

  /** r1.2's precondition of its deleteBooking scenario: the official operation documents 204 (synchronous). */
  @Given("^that implementation deletes QoS booking synchronously$")
  public void syncDeletion() {
    assertThat(OfficialSpecs.get().operation(w.specOrFeature(), "deleteBooking").orElseThrow().responseSchemas())
        .as("deleteBooking of %s documents 204", w.specOrFeature()).containsKey("204");
  }

  @Given("^the deletion process for that QoS booking in the implementation is asynchronous$")
  public void asyncDeletion() {
    throw new AssertionError("this adapter deletes bookings synchronously (204, SPEC-NOTES §A-11)");
  }

  @Given("^the path parameter \"bookingId\" has not a UUID format$")
  public void notUuid() {
    w.pathParams.put("bookingId", "not-a-uuid-" + w.index);
  }

  @Given("^the path parameter \"bookingId\" is set to a random UUID$")
  public void randomUuid() {
    w.pathParams.put("bookingId", UUID.randomUUID().toString());
  }

  @Given("^an incompatible QoS booking already exists for that device$")
  public void incompatibleQb() {
    JsonObject existing = Fixtures.defaultCreateBooking(w);
    existing.put("device", w.bodyJson().getJsonObject("device").copy());
    Fixtures.createQbBooking(w, existing, w.validToken());
  }

  /**
   * QBA: a booking holding the testing device; the request is then sent with a three-legged token of
   * that device (a QBA createBooking names its device only through the token, SPEC-NOTES §A-2b).
   */
  @Given("^an existing QoS booking already exists for the same device with an overlapping time slot and service area$")
  public void incompatibleQba() {
    Fixtures.createQbaBooking(w, Fixtures.defaultBookingInput(w),
        new io.vertx.core.json.JsonArray().add(TestAssets.phone(TestAssets.TESTING_PHONE)));
    w.tokenPhone = TestAssets.TESTING_PHONE;
    w.authorize(w.token(w.clientId, World.ALL_SCOPES, w.tokenPhone));
  }

  @Given("^the request body property \"\\$\\.startTime\" is set to a time overlapping with the existing booking$")
  public void overlappingStart() {
    Instant start = OffsetDateTime.parse(w.createRequest.getString("startTime")).toInstant();
    w.setBodyProperty("$.startTime", start.plusSeconds(60).toString());
  }

  @Given("^the request body property \"\\$\\.serviceArea\" is set to a service area overlapping with the existing booking$")
  public void overlappingArea() {
    w.setBodyProperty("$.serviceArea", w.createRequest.getJsonObject("serviceArea").copy());
  }
}
