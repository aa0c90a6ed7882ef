package io.qosb.api.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a document says, as facts: location (a JSON pointer into the document's paths, extended by
 * schema steps) -> keyword -> set of values. Two documents conform when their facts are equal.
 */
final class Facts {

  private final Map<String, Map<String, SortedSet<String>>> byLocation = new TreeMap<>();

  void add(String location, String keyword, String value) {
    byLocation.computeIfAbsent(location, l -> new TreeMap<>())
        .computeIfAbsent(keyword, k -> new TreeSet<>())
        .add(value);
  }

  void addAll(String location, String keyword, Iterable<String> values) {
    SortedSet<String> set = byLocation.computeIfAbsent(location, l -> new TreeMap<>())
        .computeIfAbsent(keyword, k -> new TreeSet<>());
    values.forEach(set::add);
  }

  /** Replaces the values of one keyword at one location (used for normalisation). */
  void replace(String location, String keyword, SortedSet<String> values) {
    Map<String, SortedSet<String>> keywords = byLocation.get(location);
    if (keywords != null && keywords.containsKey(keyword)) {
      keywords.put(keyword, values);
    }
  }

  SortedSet<String> get(String location, String keyword) {
    return byLocation.getOrDefault(location, Map.of()).getOrDefault(keyword, new TreeSet<>());
  }

  boolean isEmpty() {
    return byLocation.isEmpty();
  }

  /** Differences of {@code actual} against {@code expected}, in location order. */
  static List<Difference> compare(String document, Facts expected, Facts actual) {
    Set<String> locations = new TreeSet<>(expected.byLocation.keySet());
    locations.addAll(actual.byLocation.keySet());
    List<Difference> differences = new ArrayList<>();
    for (String location : locations) {
      Set<String> keywords = new TreeSet<>(expected.byLocation.getOrDefault(location, Map.of()).keySet());
      keywords.addAll(actual.byLocation.getOrDefault(location, Map.of()).keySet());
      for (String keyword : keywords) {
        SortedSet<String> e = expected.get(location, keyword);
        SortedSet<String> a = actual.get(location, keyword);
        if (!e.equals(a)) {
          differences.add(new Difference(document, location, keyword, render(e), render(a)));
        }
      }
    }
    return differences;
  }

  static String render(SortedSet<String> values) {
    return values.isEmpty() ? "<absent>" : String.join(" | ", values);
  }
}
