package io.qosb.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qosb.acceptance.OfficialSpecs.Spec;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Verifies the acceptance suite's reading of the official schemas: external refs, common schemas, discriminators. */
class OfficialSpecsTest {

  @BeforeAll
  static void present() {
    assumeTrue(OfficialSpecs.present(), "official CAMARA files not found next to the project");
  }

  /** Verifies that a Circle area is checked through Area's discriminator (radius minimum 1). */
  @Test
  void testAreaDiscriminatorChecksSubtype() {
    JsonObject ok = TestAssets.serviceArea();
    JsonObject bad = ok.copy().put("radius", 0);
    for (Spec spec : new Spec[] {Spec.QB, Spec.QBA}) {
      assertThat(OfficialSpecs.get().validate(spec, "/components/schemas/Area", ok)).isEmpty();
      assertThat(OfficialSpecs.get().validate(spec, "/components/schemas/Area", bad)).isNotEmpty();
      assertThat(OfficialSpecs.get().validate(spec, "/components/schemas/Area", new JsonObject().put("areaType", "POLYGON")))
          .as("POLYGON without boundary").isNotEmpty();
    }
  }

  /** Verifies sinkCredential subtypes through the discriminator of the Commonalities SinkCredential. */
  @Test
  void testSinkCredentialDiscriminator() {
    JsonObject ok = Fixtures.accessTokenCredential(java.time.Instant.now().plusSeconds(3600));
    assertThat(OfficialSpecs.get().validate(Spec.QBA, "/components/schemas/SinkCredential", ok)).isEmpty();
    assertThat(OfficialSpecs.get().validate(Spec.QBA, "/components/schemas/SinkCredential",
        ok.copy().put("accessTokenType", "mac"))).isNotEmpty();
  }

  /** Verifies that error bodies are checked against each operation's documented codes. */
  @Test
  void testResponseSchemasOfOperations() {
    var op = OfficialSpecs.get().operation(Spec.QB, "createBooking").orElseThrow();
    JsonObject error = new JsonObject().put("status", 422).put("code", "QOS_BOOKING.AREA_NOT_COVERED").put("message", "m");
    assertThat(OfficialSpecs.get().validateAbsolute(op.responseSchemas().get("422"), error)).isEmpty();
    assertThat(OfficialSpecs.get().validateAbsolute(op.responseSchemas().get("422"), error.copy().put("code", "NOPE")))
        .isNotEmpty();
    assertThat(OfficialSpecs.get().operation(Spec.QP, "retrieveQosProfiles")).isPresent();
  }

  /**
   * Verifies that an r1.2 resource path selects the v0.1 spec (the r1.2 document, the adapter's /v0.1)
   * and that its responses are checked against r1.2's schemas: a v0.1 BookingInfo has {@code status},
   * v0.2's {@code bookingStatus} name is no v0.1 property.
   */
  @Test
  void testV01ResourcesUseTheR12Documents() {
    assumeTrue(OfficialSpecs.releasePresent(), "r1.2 feature files not found next to the project");
    assertThat(Spec.ofResource("/qos-booking/v0.1/device-qos-bookings")).isEqualTo(Spec.QB_V01);
    assertThat(Spec.ofResource("/qos-booking-and-assignment/v0.1/qos-bookings")).isEqualTo(Spec.QBA_V01);
    assertThat(Spec.ofResource("/qos-booking/vwip/device-qos-bookings")).isEqualTo(Spec.QB);
    assertThat(Spec.QB_V01.adapterApi.basePath()).isEqualTo("/qos-booking/v0.1");
    var op = OfficialSpecs.get().operation(Spec.QB_V01, "createBooking").orElseThrow();
    JsonObject booking = new JsonObject().put("bookingId", "3e43650f-64da-4bc3-815d-e8eec6d18d5a")
        .put("qosProfile", "QOS_L").put("startTime", "2027-01-01T10:00:00Z").put("duration", 1800)
        .put("serviceArea", TestAssets.serviceArea()).put("status", "AVAILABLE");
    assertThat(OfficialSpecs.get().validateAbsolute(op.responseSchemas().get("201"), booking)).isEmpty();
    assertThat(OfficialSpecs.get().validateAbsolute(op.responseSchemas().get("201"),
        booking.copy().put("status", "ACTIVATED"))).isNotEmpty();
  }
}
