package io.qosb.nef.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code nef-sim [--host H] [--port P] [--scenario FILE]}: runs a simulated NEF until the process is
 * killed and prints one line with its URL. Defaults: host 127.0.0.1, port 9000, the built-in
 * default scenario. The ops entry point dispatches {@code nef-sim} here.
 */
public final class NefSimCommand {

  static final String USAGE = "usage: nef-sim [--host 127.0.0.1] [--port 9000] [--scenario nef-mocks/default.json]";

  private NefSimCommand() {
  }

  /** Parsed arguments. */
  record Options(String host, int port, Path scenario) {
  }

  public static void main(String[] args) {
    run(args).onFailure(e -> {
      System.err.println("nef-sim: " + e.getMessage());
      System.exit(2);
    });
  }

  /**
   * Starts the simulator on a new Vert.x instance; the process then lives until killed, and the
   * Vert.x instance is closed on shutdown.
   *
   * @param args the arguments after {@code nef-sim}
   * @return the running simulator, or a failure whose message explains bad arguments or scenario
   */
  public static Future<SimulatedNef> run(String[] args) {
    Options options;
    Scenario scenario;
    try {
      options = parse(Objects.requireNonNull(args));
      scenario = options.scenario() == null ? Scenario.defaults() : Scenario.load(options.scenario());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Vertx vertx = Vertx.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(vertx)));
    return SimulatedNef.start(vertx, options.host(), options.port(), scenario)
        .onSuccess(nef -> System.out.println("nef-sim listening on " + nef.baseUrl() + " [scenario: " + scenario.name() + "]"))
        .onFailure(e -> vertx.close());
  }

  private static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().await(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
      // the process is going away anyway
    }
  }

  static Options parse(String[] args) {
    String host = "127.0.0.1";
    int port = 9000;
    Path scenario = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + arg + "; " + USAGE);
      }
      String value = args[++i];
      switch (arg) {
        case "--host" -> host = value;
        case "--port" -> port = port(value);
        case "--scenario" -> scenario = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + arg + "; " + USAGE);
      }
    }
    return new Options(host, port, scenario);
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--port: must be an integer between 0 and 65535, got '" + value + "'");
  }
}
