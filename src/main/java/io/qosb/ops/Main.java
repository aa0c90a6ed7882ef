package io.qosb.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * Command line entry: {@code serve} (the default), {@code token} (mint a dev access token) and
 * {@code nef-sim} (run the simulated NEF alone).
 */
public final class Main {

  /**
   * {@code serve --exit-when-ready}: start, then stop as soon as ready. The build runs it once with
   * {@code -XX:ArchiveClassesAtExit} to write the class-data-sharing archive of start-up's classes.
   */
  static final String EXIT_WHEN_READY = "--exit-when-ready";

  private Main() {
  }

  public static void main(String[] args) {
    String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "serve";
    String[] rest = args.length > 0 && !args[0].startsWith("-") ? Arrays.copyOfRange(args, 1, args.length) : args;
    switch (command) {
      case "serve" -> serve(rest);
      case "token" -> System.exit(TokenCommand.run(rest, System.getenv(), System.out, System.err));
      case "nef-sim" -> io.qosb.nef.sim.NefSimCommand.main(rest);
      default -> {
        System.err.println("unknown command '" + command + "'; use serve, token or nef-sim");
        System.exit(2);
      }
    }
  }

  private static void serve(String[] args) {
    String configFile = option(args, "--config");
    PrometheusMeterRegistry registry = emptyRegistry();
    Vertx vertx = newVertx(registry);
    Future<AdapterVerticle> started = start(vertx, configFile, System.getenv(), registry, Clock.systemUTC())
        .onFailure(e -> {
          System.err.println("startup failed: " + e.getMessage());
          vertx.close().onComplete(v -> System.exit(1));
        });
    // the JVM and process meters are bound once the adapter is ready, on this (main) thread: loading
    // their JMX classes took 0.1-0.2 s of the start-up (issue 16, footprint)
    try {
      started.await();
    } catch (Exception e) {
      return;
    }
    bindJvmMeters(registry);
    if (Arrays.asList(args).contains(EXIT_WHEN_READY)) {
      // the build's class-data-sharing training run (pom.xml, README): the JVM writes its archive at exit
      vertx.close().await();
      System.exit(0);
    }
  }

  /**
   * Loads the configuration and deploys one adapter instance.
   *
   * @return the deployed verticle, or a failure whose message is one line
   */
  public static Future<AdapterVerticle> start(Vertx vertx, String configFile, Map<String, String> env,
      PrometheusMeterRegistry registry, Clock clock) {
    return new ConfigLoader(vertx, env).load(configFile)
        .map(AdapterConfig::from)
        .compose(config -> {
          AdapterVerticle verticle = new AdapterVerticle(config, registry, clock);
          return vertx.deployVerticle(verticle).map(id -> verticle);
        });
  }

  /** @return a Prometheus registry with the JVM and process meters bound */
  public static PrometheusMeterRegistry newRegistry() {
    return bindJvmMeters(emptyRegistry());
  }

  /** @return a Prometheus registry with only the adapter's meter filter */
  static PrometheusMeterRegistry emptyRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        // latency percentiles per route for dashboards: publish the server timer as a histogram
        return id.getName().equals("vertx.http.server.response.time")
            ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config) : config;
      }
    });
    return registry;
  }

  /** Binds the JVM and process meters (memory, GC, threads, classes, CPU, uptime). */
  static PrometheusMeterRegistry bindJvmMeters(PrometheusMeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  /** @return Vert.x reporting HTTP server metrics by route template into the registry */
  public static Vertx newVertx(PrometheusMeterRegistry registry) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true)
        .addLabels(Label.HTTP_ROUTE);
    return Vertx.builder().with(new VertxOptions().setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
  }

  static String option(String[] args, String name) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return null;
  }
}
