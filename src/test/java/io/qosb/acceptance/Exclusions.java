package io.qosb.acceptance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The only scenarios the suite does not run, from {@code src/test/resources/acceptance/exclusions.txt}:
 * one line each, {@code @scenario_tag reason} or, for one example row of an outline,
 * {@code @scenario_tag[cell] reason} (the row whose cells include {@code cell}). A tag may be
 * followed by {@code {folder}} to apply to the feature files under that folder of
 * {@code ../shared/reference} only (the r1.2 files reuse tags of the wip files):
 * {@code @scenario_tag{releases/qos-booking-r1.2} reason}.
 */
final class Exclusions {

  static final Path FILE = Path.of("src/test/resources/acceptance/exclusions.txt");

  /** One exclusion. */
  record Entry(String tag, String folder, String cell, String reason) {
    String label() {
      return tag + (folder == null ? "" : "{" + folder + "}") + (cell == null ? "" : "[" + cell + "]");
    }
  }

  private static List<Entry> entries;

  private Exclusions() {
  }

  static synchronized List<Entry> all() {
    if (entries == null) {
      List<Entry> list = new ArrayList<>();
      try {
        for (String raw : Files.readAllLines(FILE)) {
          String line = raw.strip();
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          int space = line.indexOf(' ');
          if (!line.startsWith("@") || space < 0) {
            throw new IllegalStateException(FILE + ": expected '@tag reason', got: " + raw);
          }
          String key = line.substring(0, space);
          String reason = line.substring(space).strip();
          String cell = null;
          if (key.endsWith("]") && key.contains("[")) {
            cell = key.substring(key.indexOf('[') + 1, key.length() - 1);
            key = key.substring(0, key.indexOf('['));
          }
          String folder = null;
          if (key.endsWith("}") && key.contains("{")) {
            folder = key.substring(key.indexOf('{') + 1, key.length() - 1);
            key = key.substring(0, key.indexOf('{'));
          }
          list.add(new Entry(key, folder, cell, reason));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      entries = List.copyOf(list);
    }
    return entries;
  }

  /** @return the exclusion that applies to a scenario (its tags, its feature file and line), if any */
  static Optional<Entry> match(Collection<String> tags, URI feature, int line) {
    for (Entry e : all()) {
      if (!tags.contains(e.tag()) || e.folder() != null && !feature.getPath().contains("/" + e.folder() + "/")) {
        continue;
      }
      if (e.cell() == null || rowCells(feature, line).contains(e.cell())) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static List<String> rowCells(URI feature, int line) {
    try {
      String text = Files.readAllLines(Path.of(feature)).get(line - 1).strip();
      List<String> cells = new ArrayList<>();
      if (text.startsWith("|")) {
        for (String c : text.substring(1).split("\\|")) {
          cells.add(c.strip());
        }
      }
      return cells;
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
