package io.qosb.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qosb.ops.ConfigException;
import io.qosb.ops.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Verifies the profile catalog from configuration and its startup checks. */
@ExtendWith(VertxExtension.class)
class ProfileCatalogTest {

  /** Verifies that the default catalog has the four CAMARA profiles, each with a NEF reference. */
  @Test
  void testDefaultCatalog(Vertx vertx) {
    JsonObject config = new ConfigLoader(vertx, Map.of()).load(null).await();
    ProfileCatalog catalog = ProfileCatalog.from(config.getJsonArray("profiles"));
    assertThat(catalog.all()).extracting(QosProfile::name).containsExactly("QOS_E", "QOS_S", "QOS_M", "QOS_L");
    QosProfile l = catalog.get("QOS_L").orElseThrow();
    assertThat(l.qosReference()).isEqualTo("qos-l");
    assertThat(l.active()).isTrue();
    assertThat(l.maxDuration()).isEqualTo(Duration.ofHours(24));
    assertThat(l.camara().containsKey("qosReference")).isFalse();
    assertThat(l.camara().getJsonObject("maxUpstreamRate").getString("unit")).isEqualTo("Mbps");
  }

  /** Verifies that each kind of bad entry fails with one line naming it. */
  @Test
  void testBadEntriesFailStartup() {
    JsonObject good = new JsonObject().put("name", "QOS_X").put("status", "ACTIVE").put("qosReference", "x");
    assertThatThrownBy(() -> ProfileCatalog.from(new JsonArray())).hasMessageStartingWith("profiles:");
    assertThatThrownBy(() -> ProfileCatalog.from(new JsonArray().add(good).add(good)))
        .isInstanceOf(ConfigException.class).hasMessage("profiles[1]: duplicate profile name 'QOS_X'");
    assertThatThrownBy(() -> ProfileCatalog.from(new JsonArray().add(good.copy().put("name", "a b"))))
        .hasMessageStartingWith("profiles[0].name:");
    assertThatThrownBy(() -> ProfileCatalog.from(new JsonArray().add(good.copy().put("status", "ON"))))
        .hasMessageStartingWith("profiles.QOS_X.status:");
    assertThatThrownBy(() -> ProfileCatalog.from(new JsonArray().add(without(good, "qosReference"))))
        .hasMessageStartingWith("profiles.QOS_X.qosReference:");
    assertThatThrownBy(() -> ProfileCatalog.from(new JsonArray().add(good.copy()
        .put("maxUpstreamRate", new JsonObject().put("value", 5000).put("unit", "Mbps")))))
        .hasMessageStartingWith("profiles.QOS_X.maxUpstreamRate:");
    assertThatThrownBy(() -> ProfileCatalog.from(new JsonArray().add(good.copy()
        .put("minDuration", new JsonObject().put("value", 2).put("unit", "Hours"))
        .put("maxDuration", new JsonObject().put("value", 1).put("unit", "Hours")))))
        .hasMessage("profiles.QOS_X: minDuration is longer than maxDuration");
    assertThatThrownBy(() -> ProfileCatalog.from(new JsonArray().add(good.copy().put("priority", 0))))
        .hasMessageStartingWith("profiles.QOS_X.priority:");
  }

  private static JsonObject without(JsonObject o, String key) {
    JsonObject c = o.copy();
    c.remove(key);
    return c;
  }
}
