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
}
