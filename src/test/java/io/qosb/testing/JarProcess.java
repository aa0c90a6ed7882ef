package io.qosb.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged adapter jar run as a separate process, for black-box tests (kill -9, restarts). */
public final class JarProcess implements AutoCloseable {

  public static final Path JAR = Path.of("target", "qos-booking-adapter.jar");

  private final Process process;
  public final int port;
  public final Path log;

  private JarProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code java -jar target/qos-booking-adapter.jar [args]} with the given environment and
   * waits until {@code /health/ready} answers 200 (at most 60 s). The HTTP port is {@code QOSB_HTTP_PORT}
   * of {@code env} when given (e.g. from {@link #freePort()}, so that the caller can put the port into
   * other settings such as {@code QOSB_NEF_NOTIFICATION_URL}), else a free one.
   */
  public static JarProcess start(Path workDir, Map<String, String> env, String... args) throws Exception {
    return start(workDir, env, List.of(), args);
  }

  /**
   * As {@link #start(Path, Map, String...)}, with options for the JVM before {@code -jar} (e.g.
   * {@code -Djdk.net.hosts.file=...}).
   */
  public static JarProcess start(Path workDir, Map<String, String> env, List<String> jvmOptions, String... args)
      throws Exception {
    String given = env.get("QOSB_HTTP_PORT");
    int port = given != null ? Integer.parseInt(given) : freePort();
    List<String> command = new ArrayList<>(List.of(javaBin()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().putAll(env);
    pb.environment().put("QOSB_HTTP_PORT", Integer.toString(port));
    pb.environment().put("QOSB_HTTP_HOST", "127.0.0.1");
    Path log = Files.createTempFile(workDir, "adapter-", ".log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    JarProcess p = new JarProcess(pb.start(), port, log);
    try {
      p.awaitReady(Duration.ofSeconds(60));
    } catch (Exception | Error e) {
      // the caller gets no handle to stop it
      p.kill();
      throw e;
    }
    return p;
  }

  private void awaitReady(Duration max) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("adapter exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/health/ready")).timeout(Duration.ofSeconds(2))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("adapter not ready in time: " + Files.readString(log));
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** @return the operating system's process id (e.g. to read /proc/PID/stat) */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process without letting it clean up (SIGKILL). */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
  }

  /** A TCP port free right now on this host. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
