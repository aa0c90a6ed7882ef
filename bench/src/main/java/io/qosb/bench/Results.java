package io.qosb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Writes a benchmark's section of {@code bench/RESULTS.md}, replacing that section's previous run. */
public final class Results {

  public static final Path FILE = Path.of("bench", "RESULTS.md");

  private Results() {
  }

  /**
   * @param name the section's marker name, e.g. {@code api-throughput}
   * @param title the section heading
   * @param command the command that produced it
   * @param body the figures (markdown)
   */
  public static void write(String name, String title, String command, String body) throws IOException {
    replaceSection(FILE, name, "## " + title + "\n\n" + "- machine: " + machine() + "\n- date: "
        + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME) + "\n- command: `" + command + "`\n\n"
        + body.strip());
  }

  /**
   * Replaces the section {@code name} of a results file (between its start/end markers), or appends
   * it, leaving the other benchmarks' sections alone.
   */
  public static void replaceSection(Path file, String name, String markdown) throws IOException {
    String start = "<!-- " + name + ":start -->";
    String end = "<!-- " + name + ":end -->";
    String section = start + "\n" + markdown.strip() + "\n" + end;
    String text = Files.exists(file) ? Files.readString(file)
        : "# Benchmark results\n\nFigures of the latest run of each benchmark; see README.md for how to read them.\n";
    int a = text.indexOf(start);
    int b = text.indexOf(end);
    text = a >= 0 && b > a ? text.substring(0, a) + section + text.substring(b + end.length())
        : text.stripTrailing() + "\n\n" + section + "\n";
    Files.writeString(file, text);
  }

  /** @return cores, CPU model, memory and JVM of this machine */
  public static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
    } catch (IOException e) {
      // not Linux: keep the default
    }
    return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max heap, Java " + System.getProperty("java.version");
  }
}
