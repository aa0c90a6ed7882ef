package io.qosb.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qosb.booking.JobKind;
import io.qosb.store.ActivationStore;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The schedule config section and the activation meters as Prometheus renders them. */
class ScheduleOptionsTest {

  /** Verifies the defaults of every key. */
  @Test
  void testDefaults() {
    ScheduleOptions o = ScheduleOptions.defaults();
    assertThat(o.sweepInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.maxAttempts()).isEqualTo(5);
    assertThat(o.retryBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.reconcileInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.retention()).isEqualTo(Duration.ofMinutes(6));
    assertThat(o.batchSize()).isEqualTo(50);
    assertThat(o.maxInFlight()).isEqualTo(100);
  }

  /** Verifies that values are read (strings too, as env overrides give them) and the backoff doubles up to its cap. */
  @Test
  void testParseAndBackoff() {
    ScheduleOptions o = ScheduleOptions.fromJson(new JsonObject().put("sweepInterval", "PT1S").put("maxAttempts", "3")
        .put("retryBackoff", "PT10S").put("retention", "PT1H"));
    assertThat(o.sweepInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.maxAttempts()).isEqualTo(3);
    assertThat(o.retention()).isEqualTo(Duration.ofHours(1));
    assertThat(o.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.backoff(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(o.backoff(30)).isEqualTo(ScheduleOptions.MAX_BACKOFF);
  }

  /** Verifies that a bad value fails with one line naming the key. */
  @Test
  void testBadValuesFailNamingTheKey() {
    assertThatThrownBy(() -> ScheduleOptions.fromJson(new JsonObject().put("leaseDuration", "soon")))
        .hasMessageStartingWith("schedule.leaseDuration: ").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> ScheduleOptions.fromJson(new JsonObject().put("maxAttempts", 0)))
        .hasMessageStartingWith("schedule.maxAttempts: ");
    assertThatThrownBy(() -> ScheduleOptions.fromJson(new JsonObject().put("retention", "PT5M")))
        .hasMessageStartingWith("schedule.retention: ");
    assertThatThrownBy(() -> ScheduleOptions.fromJson(new JsonObject().put("sweepInterval", "PT0S")))
        .hasMessageStartingWith("schedule.sweepInterval: ");
    assertThatThrownBy(() -> ScheduleOptions.fromJson(new JsonObject().put("maxInFlight", 0)))
        .hasMessageStartingWith("schedule.maxInFlight: ");
  }

  /** Verifies the meter names and tags as Prometheus exposes them. */
  @Test
  void testMetersRenderInPrometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ActivationMetrics metrics = new ActivationMetrics(registry);
    metrics.update(new ActivationStore.Counts(3, 1, 2));
    metrics.lag(Duration.ofMillis(120));
    metrics.run(JobKind.ACTIVATE, ActivationMetrics.Result.RETRIED);
    String scrape = registry.scrape();
    assertThat(scrape).contains("qosb_jobs_pending 3.0", "qosb_jobs_failed 1.0", "qosb_nef_subscriptions_active 2.0",
        "qosb_activation_lag_seconds_count 1", "qosb_jobs_runs_total{kind=\"activate\",result=\"retried\"} 1.0");
  }
}
