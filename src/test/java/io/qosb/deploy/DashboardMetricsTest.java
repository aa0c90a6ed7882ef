package io.qosb.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qosb.testing.Adapter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that every metric the Grafana dashboard queries is one the adapter exposes. The exposed names
 * come from a running adapter's {@code /metrics} scrape after some traffic; meters that need activity
 * this test cannot cause, or that a pending issue will add, are listed in
 * {@code src/test/resources/deploy/pending-metrics.txt}, and an entry fails the test as soon as the
 * adapter exposes it, so that the list only shrinks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardMetricsTest {

  static final Path DASHBOARD = Chart.DIR.resolve("dashboards/qos-booking-adapter.json");
  static final Path PENDING = Path.of("src/test/resources/deploy/pending-metrics.txt");
  /** Sample-name suffixes of Prometheus histograms, summaries and Micrometer timers. */
  static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");
  static final String BOOKINGS = "/qos-booking-and-assignment/v0.2/qos-bookings";

  @TempDir
  static Path dir;
  private Adapter adapter;
  /** Sample names in the scrape, e.g. {@code vertx_http_server_response_time_seconds_bucket}. */
  private Set<String> samples;
  /** Families in the scrape: sample names without histogram suffixes, plus {@code # TYPE} names. */
  private Set<String> families;
  private Map<String, String> pending;
  private Set<String> used;

  @BeforeAll
  void scrape() throws Exception {
    adapter = Adapter.start(dir, Map.of());
    traffic();
    String text = send(HttpMethod.GET, "/metrics", null, null).bodyAsString();
    samples = new TreeSet<>();
    families = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        families.add(line.split(" ")[2]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        String name = line.split("[{ ]", 2)[0];
        samples.add(name);
        families.add(base(name));
      }
    }
    pending = readPending();
    used = dashboardMetrics(new ObjectMapper().readTree(DASHBOARD.toFile()));
  }

  @AfterAll
  void stop() {
    if (adapter != null) {
      adapter.close();
    }
  }

  /** Requests that make the HTTP server meters appear: health, a refused call and a booking. */
  private void traffic() {
    send(HttpMethod.GET, "/health/live", null, null);
    send(HttpMethod.GET, "/health/ready", null, null);
    send(HttpMethod.POST, BOOKINGS, null, new JsonObject());
    JsonObject booking = new JsonObject().put("qosProfile", "QOS_L")
        .put("startTime", Instant.now().plusSeconds(3600).toString()).put("duration", 600).put("numDevices", 1)
        .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
            .put("center", new JsonObject().put("latitude", 41.39).put("longitude", 2.15)).put("radius", 500));
    send(HttpMethod.POST, BOOKINGS, adapter.bearer("app-1", "qos-booking-and-assignment:qos-bookings:create"), booking);
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String bearer, JsonObject body) {
    var request = adapter.client.request(method, path);
    if (bearer != null) {
      request.putHeader("Authorization", bearer);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  /** Verifies that every metric of the dashboard is exposed by the adapter or listed as pending. */
  @Test
  void testDashboardQueriesOnlyExposedOrPendingMetrics() {
    List<String> unknown = used.stream().filter(n -> !samples.contains(n) && pendingEntryFor(n) == null).toList();
    assertThat(unknown).as("dashboard metrics neither in the scrape nor in %s; scrape has %s", PENDING, samples)
        .isEmpty();
  }

  /**
   * Verifies that no pending metric is exposed yet: an exposed one must leave the list. A family entry
   * is exposed once any of its series is; an entry with a suffix (a histogram's {@code _bucket}) once
   * that series is.
   */
  @Test
  void testPendingMetricsAreNotExposedYet() {
    List<String> stale = pending.keySet().stream()
        .filter(p -> samples.contains(p) || (base(p).equals(p) && families.contains(p)))
        .map(p -> p + " (" + pending.get(p) + ") is exposed now: remove it from " + PENDING).toList();
    assertThat(stale).isEmpty();
  }

  /** Verifies that every pending entry is used by the dashboard and names the issue that adds it. */
  @Test
  void testPendingMetricsAreUsedAndNameTheirIssue() {
    pending.forEach((metric, issue) -> {
      assertThat(used).as("%s is pending but the dashboard does not query it", metric)
          .anyMatch(n -> n.equals(metric) || SUFFIXES.stream().anyMatch(s -> n.equals(metric + s)));
      assertThat(issue).as("issue of %s", metric).matches("(#\\d+|issue:[a-z][a-z0-9.-]*)");
    });
  }

  /** Verifies that the scrape really came from an adapter that served traffic (so the check has teeth). */
  @Test
  void testScrapeHoldsHttpServerAndJvmMeters() {
    assertThat(samples).contains("vertx_http_server_requests_total", "vertx_http_server_response_time_seconds_count",
        "jvm_memory_used_bytes");
  }

  /** Verifies that the dashboard shows the signals operators need, by the metrics it queries. */
  @Test
  void testDashboardCoversOperationalSignals() {
    assertThat(used).contains("vertx_http_server_requests_total", "vertx_http_server_response_time_seconds_bucket",
        "qosb_bookings", "qosb_activation_lag_seconds_bucket", "qosb_nef_requests_total",
        "qosb_nef_request_duration_seconds_sum", "qosb_nef_request_duration_seconds_count", "qosb_outbox_backlog",
        "qosb_outbox_oldest_age_seconds", "qosb_events_dead_letters_total", "jvm_memory_used_bytes");
  }

  /** Verifies that the dashboard is well formed: unique ids, a data source and an expression on every target. */
  @Test
  void testDashboardPanelsAreWellFormed() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    assertThat(dashboard.path("uid").asText()).isEqualTo("qos-booking-adapter");
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique id %s", panel.path("id")).isTrue();
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
        assertThat(panel.path("description").asText()).as(panel.path("title").asText()).isNotBlank();
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("expr").asText()).isNotBlank();
          assertThat(target.at("/datasource/uid").asText()).isEqualTo("${datasource}");
        }
      }
    }
  }

  private String pendingEntryFor(String name) {
    return pending.containsKey(name) ? name
        : pending.containsKey(base(name)) && !base(name).equals(name) ? base(name) : null;
  }

  private static String base(String name) {
    for (String suffix : SUFFIXES) {
      if (name.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  /** @return every metric name in the dashboard's PromQL expressions and variable queries */
  static Set<String> dashboardMetrics(JsonNode node) {
    Set<String> names = new TreeSet<>();
    collect(node, names);
    return names;
  }

  private static void collect(JsonNode node, Set<String> names) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        if ((e.getKey().equals("expr") || e.getKey().equals("query") || e.getKey().equals("definition"))
            && e.getValue().isTextual() && !e.getValue().asText().equals("prometheus")) {
          names.addAll(PromQl.metricNames(e.getValue().asText()));
        } else {
          collect(e.getValue(), names);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, names));
    }
  }

  /**
   * Reads the pending list: one {@code metric issue} pair a line, {@code #} comments.
   *
   * @return metric family name to issue reference
   */
  static Map<String, String> readPending() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    List<String> malformed = new ArrayList<>();
    for (String line : Files.readAllLines(PENDING)) {
      String content = line.replaceFirst("(^|\\s)#(?!\\d).*$", "").trim();
      if (content.isEmpty()) {
        continue;
      }
      String[] parts = content.split("\\s+");
      if (parts.length != 2 || entries.put(parts[0], parts[1]) != null) {
        malformed.add(line);
      }
    }
    assertThat(malformed).as("malformed or duplicate lines in %s", PENDING).isEmpty();
    return entries;
  }
}
