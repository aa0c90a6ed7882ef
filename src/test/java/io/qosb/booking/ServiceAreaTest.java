package io.qosb.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Verifies service area validation and its API specific error codes. */
class ServiceAreaTest {

  static JsonObject circle(double radius) {
    return new JsonObject("{\"areaType\":\"CIRCLE\",\"center\":{\"latitude\":50.7,\"longitude\":4.3},\"radius\":" + radius + "}");
  }

  static JsonObject polygon(String points) {
    return new JsonObject("{\"areaType\":\"POLYGON\",\"boundary\":[" + points + "]}");
  }

  private static String pt(double lat, double lon) {
    return "{\"latitude\":" + lat + ",\"longitude\":" + lon + "}";
  }

  private static void assertCamara(Runnable r, int status, String code) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(CamaraException.class, e -> {
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.code()).isEqualTo(code);
    });
  }

  /** Verifies that a valid circle keeps its original JSON for echo. */
  @Test
  void testFromJsonKeepsOriginalCircle() {
    JsonObject json = circle(500);
    ServiceArea a = ServiceArea.fromJson(json, Api.QBA);
    assertThat(a.type()).isEqualTo(ServiceArea.AreaType.CIRCLE);
    assertThat(new JsonObject(a.json())).isEqualTo(json);
  }

  /** Verifies radius bounds: QBA 400 OUT_OF_RANGE, QB 422 QOS_BOOKING.INVALID_AREA. */
  @Test
  void testFromJsonFailsForRadiusOutOfBounds() {
    assertCamara(() -> ServiceArea.fromJson(circle(0.5), Api.QBA), 400, "OUT_OF_RANGE");
    assertCamara(() -> ServiceArea.fromJson(circle(1e7), Api.QBA), 400, "OUT_OF_RANGE");
    assertCamara(() -> ServiceArea.fromJson(circle(0.5), Api.QB), 422, "QOS_BOOKING.INVALID_AREA");
  }

  /** Verifies polygon rules: 3..15 points, valid coordinates, no self-intersection. */
  @Test
  void testFromJsonChecksPolygons() {
    String square = pt(0, 0) + "," + pt(0, 1) + "," + pt(1, 1) + "," + pt(1, 0);
    assertThat(ServiceArea.fromJson(polygon(square), Api.QBA).boundary()).hasSize(4);
    String bowtie = pt(0, 0) + "," + pt(1, 1) + "," + pt(0, 1) + "," + pt(1, 0);
    assertCamara(() -> ServiceArea.fromJson(polygon(bowtie), Api.QBA), 400, "INVALID_ARGUMENT");
    assertCamara(() -> ServiceArea.fromJson(polygon(bowtie), Api.QB), 422, "QOS_BOOKING.INVALID_AREA");
    assertCamara(() -> ServiceArea.fromJson(polygon(pt(0, 0) + "," + pt(0, 1)), Api.QBA), 400, "INVALID_ARGUMENT");
    String line = pt(0, 0) + "," + pt(0, 1) + "," + pt(0, 2);
    assertCamara(() -> ServiceArea.fromJson(polygon(line), Api.QBA), 400, "INVALID_ARGUMENT");
    String far = pt(0, 0) + "," + pt(0, 1) + "," + pt(91, 1);
    assertCamara(() -> ServiceArea.fromJson(polygon(far), Api.QBA), 400, "OUT_OF_RANGE");
  }

  /** Verifies that AREANAME is QB only. */
  @Test
  void testAreaNameOnlyForQb() {
    JsonObject named = new JsonObject().put("areaType", "AREANAME").put("areaName", "Madrid-Centro");
    assertThat(ServiceArea.fromJson(named, Api.QB).areaName()).isEqualTo("Madrid-Centro");
    assertCamara(() -> ServiceArea.fromJson(named, Api.QBA), 400, "INVALID_ARGUMENT");
    assertCamara(() -> ServiceArea.fromJson(new JsonObject().put("areaType", "SQUARE"), Api.QB), 400, "INVALID_ARGUMENT");
  }
}
