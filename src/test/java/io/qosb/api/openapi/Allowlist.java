package io.qosb.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The explicit list of accepted differences between the project's documents and the official
 * ones. Each entry names a document, a location (a glob: {@code *} matches within one path
 * segment, {@code **} across segments), optionally a keyword and the expected/actual values, and a
 * one-line reason.
 */
final class Allowlist {

  record Entry(String document, String location, String keyword, String expected, String actual,
               String reason, Pattern locationPattern) {

    boolean matches(Difference d) {
      return document.equals(d.document())
          && locationPattern.matcher(d.location()).matches()
          && (keyword == null || keyword.equals(d.keyword()))
          && (expected == null || expected.equals(d.expected()))
          && (actual == null || actual.equals(d.actual()));
    }

    @Override
    public String toString() {
      return document + " " + location + (keyword == null ? "" : " [" + keyword + "]") + " (" + reason + ")";
    }
  }

  private final List<Entry> entries;

  private Allowlist(List<Entry> entries) {
    this.entries = entries;
  }

  static Allowlist load(Path file) {
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
      List<Entry> entries = new ArrayList<>();
      for (JsonNode node : root.path("allowed")) {
        entries.add(entry(node));
      }
      return new Allowlist(entries);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read allow-list " + file, e);
    }
  }

  private static Entry entry(JsonNode node) {
    String document = required(node, "document");
    String location = required(node, "location");
    String reason = required(node, "reason");
    return new Entry(document, location, text(node, "keyword"), text(node, "expected"), text(node, "actual"),
        reason, glob(location));
  }

  List<Entry> entries() {
    return entries;
  }

  boolean allows(Difference difference) {
    return entries.stream().anyMatch(e -> e.matches(difference));
  }

  /** Entries that match none of the given differences (stale entries). */
  List<Entry> unused(List<Difference> differences) {
    return entries.stream().filter(e -> differences.stream().noneMatch(e::matches)).toList();
  }

  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      if (glob.startsWith("**", i)) {
        regex.append(".*");
        i += 2;
      } else if (glob.charAt(i) == '*') {
        regex.append("[^/]*");
        i++;
      } else {
        int next = nextStar(glob, i);
        regex.append(Pattern.quote(glob.substring(i, next)));
        i = next;
      }
    }
    return Pattern.compile(regex.toString());
  }

  private static int nextStar(String glob, int from) {
    int star = glob.indexOf('*', from);
    return star < 0 ? glob.length() : star;
  }

  private static String required(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Allow-list entry without '" + field + "': " + node);
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }
}
