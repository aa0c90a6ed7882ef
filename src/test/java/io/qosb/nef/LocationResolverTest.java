package io.qosb.nef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LocationResolverTest {

  private static final String ROOT = "http://127.0.0.1:9000/3gpp-as-session-with-qos/v1";
  private static final String EXPECTED = ROOT + "/af/subscriptions/7";
  private final LocationResolver resolver = new LocationResolver(URI.create(ROOT), "af");

  /** Verifies that every reference form NEFs send resolves to the same absolute URL. */
  @ParameterizedTest
  @CsvSource({
      "http://127.0.0.1:9000/3gpp-as-session-with-qos/v1/af/subscriptions/7",
      "/3gpp-as-session-with-qos/v1/af/subscriptions/7",
      "127.0.0.1:9000/3gpp-as-session-with-qos/v1/af/subscriptions/7",
      "//127.0.0.1:9000/3gpp-as-session-with-qos/v1/af/subscriptions/7",
      "af/subscriptions/7",
      "subscriptions/7",
      "  http://127.0.0.1:9000/3gpp-as-session-with-qos/v1/af/subscriptions/./7  "})
  void testResolveSucceedsForEachForm(String reference) {
    assertThat(resolver.resolve(reference)).isEqualTo(EXPECTED);
  }

  /** Verifies that one resource written in different ways has one comparison key, and different resources do not share it. */
  @Test
  void testKeyIgnoresSpelling() {
    String key = LocationResolver.canonical("http://nef.example/3gpp-as-session-with-qos/v1/af/subscriptions/7");
    assertThat(LocationResolver.canonical("HTTP://NEF.Example:80/3gpp%2das-session-with-qos/v1/af/subscriptions/7/")).isEqualTo(key);
    assertThat(LocationResolver.canonical("http://nef.example/3gpp-as-session-with-qos/v1/af/./subscriptions/7")).isEqualTo(key);
    assertThat(LocationResolver.canonical("https://nef.example:443/a/%2f")).isEqualTo(LocationResolver.canonical("https://nef.example/a/%2F"));
    assertThat(LocationResolver.canonical("http://nef.example/3gpp-as-session-with-qos/v1/af/subscriptions/70")).isNotEqualTo(key);
    assertThat(LocationResolver.canonical("http://nef.example:8080/3gpp-as-session-with-qos/v1/af/subscriptions/7")).isNotEqualTo(key);
    assertThat(LocationResolver.canonical("https://nef.example/3gpp-as-session-with-qos/v1/af/subscriptions/7")).isNotEqualTo(key);
  }

  /** Verifies that a reference on another origin is rebased onto nef.url's origin. */
  @Test
  void testResolveRebasesForeignOrigin() {
    assertThat(resolver.resolve("https://nef-internal.svc:8443/3gpp-as-session-with-qos/v1/af/subscriptions/7"))
        .isEqualTo(EXPECTED);
    assertThat(resolver.resolve("nef-internal.svc/3gpp-as-session-with-qos/v1/af/subscriptions/7")).isEqualTo(EXPECTED);
  }

  /** Verifies that blank references are rejected. */
  @Test
  void testResolveFailsForBlank() {
    assertThatThrownBy(() -> resolver.resolve(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  /** Verifies that spellings of one subscription URL have one canonical form, and different URLs do not. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "http://nef.example/3gpp-as-session-with-qos/v1/app/subscriptions/42",
      "HTTP://NEF.example:80/3gpp-as-session-with-qos/v1/app/subscriptions/42/",
      "http://nef.example/3gpp%2Das%2Dsession%2Dwith%2Dqos/v1/app/./subscriptions/42",
      "http://nef.example/3gpp-as-session-with-qos/v1/other/../app/subscriptions/42//"})
  void testCanonicalSucceedsForSpellingsOfOneUrl(String spelling) {
    assertThat(LocationResolver.canonical(spelling))
        .isEqualTo("http://nef.example/3gpp-as-session-with-qos/v1/app/subscriptions/42");
  }

  /** Verifies that the canonical form keeps what makes URLs different: port, path, reserved escapes. */
  @Test
  void testCanonicalKeepsDifferences() {
    String base = LocationResolver.canonical("http://nef.example/x/subscriptions/42");
    assertThat(LocationResolver.canonical("http://nef.example:8080/x/subscriptions/42")).isNotEqualTo(base);
    assertThat(LocationResolver.canonical("https://nef.example/x/subscriptions/42")).isNotEqualTo(base);
    assertThat(LocationResolver.canonical("http://nef.example/x/subscriptions/43")).isNotEqualTo(base);
    assertThat(LocationResolver.canonical("http://nef.example/x/subscriptions%2F42")).isNotEqualTo(base);
    assertThat(LocationResolver.canonical("http://nef.example/x/subscriptions/4%2f2"))
        .isEqualTo("http://nef.example/x/subscriptions/4%2F2");
  }
}
