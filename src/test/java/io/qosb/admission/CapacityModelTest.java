package io.qosb.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qosb.booking.Api;
import io.qosb.booking.ServiceArea;
import io.qosb.ops.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Verifies the {@code capacity:} configuration: parsing, startup errors, and the zones of an area. */
class CapacityModelTest {

  static final Set<String> PROFILES = Set.of("QOS_L", "QOS_M");

  static JsonObject circle(double lat, double lon, double radius) {
    return new JsonObject().put("areaType", "CIRCLE").put("radius", radius)
        .put("center", new JsonObject().put("latitude", lat).put("longitude", lon));
  }

  static JsonObject zone(String name, JsonObject area, Object limits) {
    return new JsonObject().put("name", name).put("area", area).put("limits", limits);
  }

  static CapacityModel model(Object outside, JsonObject... zones) {
    return CapacityModel.from(new JsonObject().put("outside", outside).put("zones", new JsonArray(List.of((Object[]) zones))),
        PROFILES);
  }

  static void assertFails(String message, Runnable r) {
    assertThatThrownBy(r::run).isInstanceOf(ConfigException.class).hasMessage(message);
  }

  /** Verifies limits: one number for all profiles, a map with "*", and profiles left unlimited. */
  @Test
  void testFromReadsLimits() {
    CapacityModel m = model(100, zone("a", circle(50, 7, 1000), new JsonObject().put("QOS_L", 5).put("*", 9)),
        zone("b", circle(51, 7, 1000), new JsonObject().put("QOS_L", 0)));
    assertThat(m.outside().limits()).containsOnly(java.util.Map.entry("QOS_L", 100), java.util.Map.entry("QOS_M", 100));
    assertThat(m.zone("a").orElseThrow().limits()).containsOnly(java.util.Map.entry("QOS_L", 5), java.util.Map.entry("QOS_M", 9));
    assertThat(m.zone("b").orElseThrow().limit("QOS_M")).isEmpty();
    assertThat(CapacityModel.from(null, PROFILES).outside().limits()).isEmpty();
  }

  /** Verifies that each kind of bad value fails with one line naming its key. */
  @Test
  void testFromFailsWithKeyForBadValues() {
    assertFails("capacity.zones[1].name: duplicate or reserved zone name 'a'",
        () -> model(1, zone("a", circle(50, 7, 1000), 1), zone("a", circle(51, 7, 1000), 1)));
    assertFails("capacity.zones[0].name: duplicate or reserved zone name 'outside'",
        () -> model(1, zone("outside", circle(50, 7, 1000), 1)));
    assertFails("capacity.zones[0].limits.QOS_L: must be between 0 and 2147483647, got -1",
        () -> model(1, zone("a", circle(50, 7, 1000), new JsonObject().put("QOS_L", -1))));
    assertFails("capacity.outside: must be between 0 and 2147483647, got -5", () -> model(-5));
    assertFails("capacity.zones[0].limits.QOS_X: unknown QoS profile 'QOS_X'",
        () -> model(1, zone("a", circle(50, 7, 1000), new JsonObject().put("QOS_X", 1))));
    assertFails("capacity.zones[0].area.radius: must be between 1 and 2000000 metres, got 0.0",
        () -> model(1, zone("a", circle(50, 7, 0), 1)));
    assertFails("capacity.zones[0].area.center: latitude must be within -90..90 and longitude within -180..180",
        () -> model(1, zone("a", circle(95, 7, 10), 1)));
    JsonObject bowtie = new JsonObject().put("areaType", "POLYGON").put("boundary", new JsonArray()
        .add(pt(0, 0)).add(pt(1, 1)).add(pt(0, 1)).add(pt(1, 0)));
    assertFails("capacity.zones[0].area: the polygon has no area or crosses itself",
        () -> model(1, zone("a", bowtie, 1)));
    assertFails("capacity.zones[0].area.areaType: must be CIRCLE or POLYGON, got 'AREANAME'",
        () -> model(1, zone("a", new JsonObject().put("areaType", "AREANAME"), 1)));
    assertFails("capacity.zones[0].limits: required (a number, or a map of profile name to number)",
        () -> model(1, new JsonObject().put("name", "a").put("area", circle(50, 7, 1000))));
    assertFails("capacity.zones: expected a list of zones, got 'x'",
        () -> CapacityModel.from(new JsonObject().put("zones", "x"), PROFILES));
  }

  static JsonObject pt(double lat, double lon) {
    return new JsonObject().put("latitude", lat).put("longitude", lon);
  }

  /**
   * Verifies the zones of an area: every zone it intersects, plus outside unless one zone contains it;
   * sorted by name; AREANAME by zone name.
   */
  @Test
  void testZonesOfArea() {
    CapacityModel m = model(10, zone("z2", circle(50, 7, 5000), 1), zone("z1", circle(50, 7.1, 5000), 1),
        zone("far", circle(10, 10, 5000), 1));
    assertThat(names(m, area(circle(50, 7, 1000)))).containsExactly("z2");
    assertThat(names(m, area(circle(50, 7.05, 2000)))).containsExactly("outside", "z1", "z2");
    assertThat(names(m, area(circle(0, 0, 1000)))).containsExactly("outside");
    ServiceArea named = ServiceArea.fromJson(new JsonObject().put("areaType", "AREANAME").put("areaName", "far"), Api.QB);
    assertThat(names(m, named)).containsExactly("far");
    ServiceArea unknown = ServiceArea.fromJson(new JsonObject().put("areaType", "AREANAME").put("areaName", "x"), Api.QB);
    assertThat(names(m, unknown)).containsExactly("outside");
  }

  static ServiceArea area(JsonObject json) {
    return ServiceArea.fromJson(json, Api.QBA);
  }

  static List<String> names(CapacityModel m, ServiceArea a) {
    return m.zonesOf(a).stream().map(Zone::name).toList();
  }
}
