package io.qosb.nef.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qosb.nef.sim.SubscriberDirectory.Eligibility;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTest {

  /** Verifies that every shipped scenario file parses and says what its name says. */
  @Test
  void testLoadSucceedsForShippedScenarios() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("nef-mocks"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".json")).map(Scenario::load))
          .extracting(Scenario::name)
          .contains("default", "congested", "flaky", "slow", "amnesia", "pre-rel18");
    }
    Scenario flaky = Scenario.load(Path.of("nef-mocks/flaky.json"));
    assertThat(flaky.failureRate()).isEqualTo(0.2);
    assertThat(flaky.latency().max()).isEqualTo(Duration.ofMillis(150));
    Scenario preRel18 = Scenario.load(Path.of("nef-mocks/pre-rel18.json"));
    assertThat(preRel18.dialect().gpsiSupported()).isFalse();
    assertThat(preRel18.dialect().location()).isEqualTo(SimDialect.LocationStyle.RELATIVE);
    assertThat(Scenario.load(Path.of("nef-mocks/amnesia.json")).forgetAfter()).contains(Duration.ofSeconds(60));
  }

  /** Verifies that the defaults are a well-behaved Rel-18 NEF. */
  @Test
  void testDefaultsAreRel18() {
    Scenario defaults = Scenario.defaults();
    assertThat(defaults.dialect()).isEqualTo(SimDialect.rel18());
    assertThat(defaults.failureRate()).isZero();
    assertThat(defaults.capacity()).isZero();
    assertThat(defaults.subscriberDirectory().isPermissive()).isTrue();
  }

  /** Verifies that invalid scenarios fail with one line naming the source and the key. */
  @Test
  void testFromJsonFailsNamingTheKey() {
    assertInvalid("{\"failureRate\": 2}", "scenario t.json: failureRate: must be a number between 0.0 and 1.0");
    assertInvalid("{\"latency\": \"fast\"}", "scenario t.json: latency:");
    assertInvalid("{\"latency\": {\"min\": \"PT1S\", \"max\": \"PT0.5S\"}}", "scenario t.json: latency.max:");
    assertInvalid("{\"faults\": [{\"status\": 200}]}", "scenario t.json: faults[0].status:");
    assertInvalid("{\"faults\": [{\"operation\": \"explode\", \"status\": 503}]}", "scenario t.json: faults[0].operation:");
    assertInvalid("{\"dialect\": {\"location\": \"sideways\"}}", "scenario t.json: dialect.location: must be one of");
    assertInvalid("{\"subscriberDirectory\": [{\"phoneNumber\": \"600\"}]}", "scenario t.json: subscriberDirectory[0].phoneNumber:");
    assertInvalid("{\"subscriberDirectory\": [{\"eligible\": true}]}", "scenario t.json: subscriberDirectory[0]: needs");
    assertInvalid("{\"forgetAfer\": \"PT1S\"}", "scenario t.json: forgetAfer: unknown key");
  }

  /** Verifies that unreadable files and malformed JSON are reported with the file name. */
  @Test
  void testLoadFailsForMissingOrMalformedFile(@TempDir Path dir) throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"name\": ");
    assertThatThrownBy(() -> Scenario.load(broken)).hasMessageStartingWith("scenario " + broken + ": not a JSON object");
    assertThatThrownBy(() -> Scenario.load(dir.resolve("absent.json"))).hasMessageContaining("absent.json: cannot read");
  }

  /** Verifies that the subscriber directory tells unknown, eligible and not eligible devices apart. */
  @Test
  void testSubscriberDirectoryLookup() {
    SubscriberDirectory directory = Scenario.load(Path.of("nef-mocks/default.json")).subscriberDirectory();
    assertThat(directory.lookupPhoneNumber("+34600000001")).isEqualTo(Eligibility.ELIGIBLE);
    assertThat(directory.lookupPhoneNumber("+34600000099")).isEqualTo(Eligibility.NOT_ELIGIBLE);
    assertThat(directory.lookupPhoneNumber("+34999999999")).isEqualTo(Eligibility.UNKNOWN);
    assertThat(directory.lookupIpv4("198.51.100.10")).isEqualTo(Eligibility.ELIGIBLE);
    assertThat(directory.lookupIpv6("2001:0db8:85a3:0000:0000:8a2e:0370:7334")).isEqualTo(Eligibility.ELIGIBLE);
    assertThat(directory.lookupSubscription(new JsonObject().put("gpsi", "msisdn-34600000099"))).isEqualTo(Eligibility.NOT_ELIGIBLE);
    assertThat(SubscriberDirectory.permissive().lookupPhoneNumber("+1555000000")).isEqualTo(Eligibility.ELIGIBLE);
  }

  /** Verifies that the command line is parsed and bad arguments are explained. */
  @Test
  void testNefSimCommandParse() {
    NefSimCommand.Options options = NefSimCommand.parse(new String[] {"--port", "0", "--scenario", "nef-mocks/flaky.json"});
    assertThat(options.port()).isZero();
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> NefSimCommand.parse(new String[] {"--port", "x"})).hasMessageStartingWith("--port:");
    assertThatThrownBy(() -> NefSimCommand.parse(new String[] {"--bogus", "1"})).hasMessageContaining("usage: nef-sim");
    assertThat(NefSimCommand.run(new String[] {"--scenario", "nef-mocks/absent.json"}).failed()).isTrue();
  }

  private static void assertInvalid(String json, String expected) {
    assertThatThrownBy(() -> Scenario.fromJson(new JsonObject(json), "t.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
