package io.qosb.booking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Verifies the sink host key that bounds deliveries per host (issue 15 item 5). */
class OutboxEntryHostTest {

  /** Verifies that ports, case, user info, path and query do not change the host of a sink. */
  @Test
  void testOneHostWhateverThePortCaseOrPath() {
    assertThat(OutboxEntry.hostOf("https://Sink.Example.COM/events")).isEqualTo("sink.example.com");
    assertThat(OutboxEntry.hostOf("https://sink.example.com:8443/a?b=c")).isEqualTo("sink.example.com");
    assertThat(OutboxEntry.hostOf("https://user@sink.example.com:443/x")).isEqualTo("sink.example.com");
    assertThat(OutboxEntry.hostOf("https://[2001:db8::1]:8443/x")).isEqualTo("[2001:db8::1]");
    assertThat(OutboxEntry.hostOf("https://127.0.0.2:4000/x")).isNotEqualTo(OutboxEntry.hostOf("https://127.0.0.1/x"));
  }

  /** Verifies that a name URI does not take as a server name (underscore) still keys on its host, not its URL. */
  @Test
  void testRegistryNameKeysOnItsHost() {
    assertThat(OutboxEntry.hostOf("https://my_sink.example.com:8443/a")).isEqualTo("my_sink.example.com");
    assertThat(OutboxEntry.hostOf("https://my_sink.example.com/b")).isEqualTo("my_sink.example.com");
  }

  /** Verifies that a key is never longer than the column that stores it, so stored and computed keys agree. */
  @Test
  void testKeyFitsItsColumn() {
    String longUrl = "not a url " + "x".repeat(400);
    assertThat(OutboxEntry.hostOf(longUrl)).hasSize(OutboxEntry.MAX_HOST);
    assertThat(OutboxEntry.hostOf(longUrl)).isEqualTo(OutboxEntry.hostOf(longUrl));
  }
}
