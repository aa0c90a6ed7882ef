package io.qosb.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks the PromQL metric-name extraction that {@link DashboardMetricsTest} relies on. */
class PromQlTest {

  /** Verifies that functions, grouping labels, matchers and ranges are not taken for metrics. */
  @Test
  void testMetricNamesSkipFunctionsLabelsAndRanges() {
    assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, route) "
        + "(rate(vertx_http_server_response_time_seconds_bucket{namespace=~\"$namespace\", code=~\"5..\"}"
        + "[$__rate_interval])))"))
        .containsExactly("vertx_http_server_response_time_seconds_bucket");
  }

  /** Verifies that both sides of a binary operation are found, and keywords are skipped. */
  @Test
  void testMetricNamesFindsBothOperandsOfDivision() {
    assertThat(PromQl.metricNames("sum without (pod) (rate(a_sum[5m])) / on (job) group_left sum(rate(a_count[5m]))"
        + " > bool 0 or vector(0) unless b"))
        .containsExactly("a_sum", "a_count", "b");
  }

  /** Verifies that a Grafana label_values query yields its metric and not its label. */
  @Test
  void testMetricNamesReadsLabelValuesQuery() {
    assertThat(PromQl.metricNames("label_values(jvm_memory_used_bytes{namespace=~\"$namespace\"}, job)"))
        .containsExactly("jvm_memory_used_bytes");
    assertThat(PromQl.metricNames("label_values(jvm_memory_used_bytes, namespace)"))
        .containsExactly("jvm_memory_used_bytes");
  }

  /** Verifies that a bare metric with a matcher and a colon-named recording rule are found. */
  @Test
  void testMetricNamesFindsBareSelectors() {
    assertThat(PromQl.metricNames("qosb_bookings{state=\"ACTIVE\"}")).containsExactly("qosb_bookings");
    assertThat(PromQl.metricNames("job:qosb_requests:rate5m * 100")).containsExactly("job:qosb_requests:rate5m");
  }
}
