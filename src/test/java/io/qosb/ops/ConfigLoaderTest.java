package io.qosb.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Verifies the layered configuration: packaged defaults, --config file, QOSB_* overrides, checks. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ConfigLoaderTest {

  /** Verifies that the packaged defaults load and pass the checks. */
  @Test
  void testDefaultsLoad(Vertx vertx) {
    AdapterConfig config = AdapterConfig.from(new ConfigLoader(vertx, Map.of()).load(null).await());
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().maxBodySize()).isEqualTo(65536);
    assertThat(config.storeUrl()).isEqualTo("h2:file:./data/qosb");
    assertThat(config.settings().string("nef.scsAsId", null)).isEqualTo("qos-booking-adapter");
    assertThat(config.minLeadTime()).isEqualTo(Duration.ZERO);
  }

  /** Verifies that QOSB_ variables override nested camelCase keys with the type of the default. */
  @Test
  void testEnvironmentOverridesEveryKey(Vertx vertx) {
    Map<String, String> env = Map.of("QOSB_HTTP_PORT", "9090", "QOSB_NEF_SCS_AS_ID", "as-42",
        "QOSB_SINKS_ALLOW_PRIVATE_ADDRESSES", "true", "QOSB_BOOKING_MIN_LEAD_TIME", "PT5M",
        "QOSB_NEF_OAUTH_TOKEN_URL", "https://auth.example/token");
    JsonObject json = new ConfigLoader(vertx, env).load(null).await();
    AdapterConfig config = AdapterConfig.from(json);
    assertThat(json.getJsonObject("http").getValue("port")).isEqualTo(9090L);
    assertThat(config.http().port()).isEqualTo(9090);
    assertThat(config.settings().string("nef.scsAsId", null)).isEqualTo("as-42");
    assertThat(config.settings().bool("sinks.allowPrivateAddresses", false)).isTrue();
    assertThat(config.settings().string("nef.oauth.tokenUrl", null)).isEqualTo("https://auth.example/token");
    assertThat(config.minLeadTime()).isEqualTo(Duration.ofMinutes(5));
  }

  /** Verifies that a --config file is layered over the defaults and env over both. */
  @Test
  void testConfigFileIsLayered(Vertx vertx, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("prod.yaml");
    Files.writeString(file, "http:\n  port: 7070\nstore:\n  url: postgresql://u@db:5432/q\n");
    AdapterConfig config = AdapterConfig.from(new ConfigLoader(vertx, Map.of("QOSB_HTTP_PORT", "7171"))
        .load(file.toString()).await());
    assertThat(config.http().port()).isEqualTo(7171);
    assertThat(config.storeUrl()).isEqualTo("postgresql://u@db:5432/q");
    assertThat(config.http().maxBodySize()).isEqualTo(65536);
  }

  /** Verifies that an invalid value fails with one line naming the key. */
  @Test
  void testInvalidValuesFailWithOneLine(Vertx vertx) {
    assertThatThrownBy(() -> new ConfigLoader(vertx, Map.of("QOSB_HTTP_PORT", "eighty")).load(null).await())
        .isInstanceOf(ConfigException.class).hasMessage("QOSB_HTTP_PORT: expected a number, got 'eighty'");
    JsonObject json = new ConfigLoader(vertx, Map.of("QOSB_HTTP_PORT", "70000")).load(null).await();
    assertThatThrownBy(() -> AdapterConfig.from(json)).isInstanceOf(ConfigException.class)
        .hasMessage("http.port: must be between 0 and 65535, got 70000");
    JsonObject lead = new ConfigLoader(vertx, Map.of("QOSB_BOOKING_MIN_LEAD_TIME", "5 minutes")).load(null).await();
    assertThatThrownBy(() -> AdapterConfig.from(lead)).hasMessageContaining("booking.minLeadTime");
    JsonObject store = new ConfigLoader(vertx, Map.of("QOSB_STORE_URL", "mysql://x")).load(null).await();
    assertThatThrownBy(() -> AdapterConfig.from(store)).hasMessageStartingWith("store.url:");
    assertThatThrownBy(() -> new ConfigLoader(vertx, Map.of()).load("/nonexistent.yaml").await())
        .hasMessage("config file not found: /nonexistent.yaml");
  }

  /** Verifies the key-to-variable naming rule of the design. */
  @Test
  void testSnakeCaseNaming() {
    assertThat(ConfigLoader.toSnake("scsAsId")).isEqualTo("SCS_AS_ID");
    assertThat(ConfigLoader.toSnake("port")).isEqualTo("PORT");
    assertThat(ConfigLoader.toSnake("allowPrivateAddresses")).isEqualTo("ALLOW_PRIVATE_ADDRESSES");
  }

  /** Verifies that a bad profile catalog fails startup with one line naming the entry. */
  @Test
  void testStartupFailsForBadProfiles(Vertx vertx) {
    Map<String, String> env = Map.of("QOSB_PROFILES", "[{\"name\":\"QOS_X\",\"status\":\"ACTIVE\"}]",
        "QOSB_HTTP_PORT", "0", "QOSB_STORE_URL", "h2:mem:badprofiles");
    assertThatThrownBy(() -> Main.start(vertx, null, env, Main.newRegistry(), java.time.Clock.systemUTC()).await())
        .isInstanceOf(ConfigException.class)
        .hasMessage("profiles.QOS_X.qosReference: required (the NEF's QoS reference for this profile)");
  }
}
