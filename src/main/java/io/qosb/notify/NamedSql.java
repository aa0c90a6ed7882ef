package io.qosb.notify;

import io.qosb.store.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outbox statements of {@code db/outbox/statements.sql}: a statement starts at {@code -- name: X};
 * {@code X.h2} / {@code X.postgresql} replace X in that dialect; {@code ${Y}} includes statement Y.
 */
final class NamedSql {

  private static final String RESOURCE = "db/outbox/statements.sql";

  private final Dialect dialect;
  private final Map<String, String> raw = new HashMap<>();

  NamedSql(Dialect dialect) {
    this.dialect = Objects.requireNonNull(dialect);
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : read().split("\n")) {
      String t = line.strip();
      if (t.startsWith("-- name:")) {
        put(name, body);
        name = t.substring("-- name:".length()).strip();
        body.setLength(0);
      } else if (!t.startsWith("--") && !t.isEmpty()) {
        body.append(body.length() == 0 ? "" : " ").append(t);
      }
    }
    put(name, body);
  }

  /**
   * @return the statement in this dialect, placeholders rewritten
   * @throws IllegalArgumentException if there is no such statement
   */
  String get(String name) {
    return get(name, Map.of());
  }

  /**
   * @param fragments SQL text (with '?' placeholders) that replaces {@code ${key}} in the statement
   * @return the statement in this dialect, fragments included, placeholders rewritten
   * @throws IllegalArgumentException if there is no such statement
   */
  String get(String name, Map<String, String> fragments) {
    String sql = raw.getOrDefault(name + "." + dialect.folder(), raw.get(name));
    if (sql == null) {
      throw new IllegalArgumentException("no outbox SQL statement named " + name);
    }
    for (Map.Entry<String, String> f : fragments.entrySet()) {
      sql = sql.replace("${" + f.getKey() + "}", f.getValue());
    }
    for (Map.Entry<String, String> e : raw.entrySet()) {
      sql = sql.replace("${" + e.getKey() + "}", e.getValue());
    }
    return dialect.placeholders(sql);
  }

  private void put(String name, StringBuilder body) {
    if (name != null) {
      raw.put(name, body.toString());
    }
  }

  private static String read() {
    try (InputStream in = NamedSql.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
