package io.qosb.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Named SQL statements read from {@code db/statements.sql}, overridden per dialect by
 * {@code db/<dialect>/statements.sql}. A statement starts at a line {@code -- name: X}; other
 * comment lines are dropped; {@code ${Y}} includes statement Y; {@code :keys} expands to a list of
 * placeholders.
 */
final class Statements {

  /** Per statement, how many list lengths of withKeys() are kept. */
  private static final int MAX_KEY_COUNTS = 64;
  private static final Pattern INCLUDE = Pattern.compile("\\$\\{(\\w+)}");

  private final Dialect dialect;
  private final Map<String, String> raw = new HashMap<>();
  /** get() and withKeys() results: statements are requested by name on every execution (issue 16). */
  private final Map<String, String> ready = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, String>> readyWithKeys = new ConcurrentHashMap<>();

  Statements(Dialect dialect) {
    this.dialect = Objects.requireNonNull(dialect);
    parse(read("db/statements.sql"));
    parse(read("db/" + dialect.folder() + "/statements.sql"));
  }

  Dialect dialect() {
    return dialect;
  }

  /**
   * The statement ready to run in this dialect.
   *
   * @throws IllegalArgumentException if there is no such statement
   */
  String get(String name) {
    String sql = ready.get(name);
    if (sql == null) {
      sql = dialect.placeholders(resolve(name));
      ready.put(name, sql);
    }
    return sql;
  }

  /** The statement with {@code :keys} expanded to {@code n} placeholders. */
  String withKeys(String name, int n) {
    Map<Integer, String> byCount = readyWithKeys.computeIfAbsent(name, k -> new ConcurrentHashMap<>());
    String sql = byCount.get(n);
    if (sql == null) {
      sql = expand(name, n);
      if (byCount.size() < MAX_KEY_COUNTS) {
        byCount.put(n, sql);
      }
    }
    return sql;
  }

  private String expand(String name, int n) {
    String list = String.join(", ", java.util.Collections.nCopies(n, "?"));
    return dialect.placeholders(resolve(name).replace(":keys", list));
  }

  private String resolve(String name) {
    String sql = raw.get(name);
    if (sql == null) {
      throw new IllegalArgumentException("no SQL statement named " + name);
    }
    Matcher m = INCLUDE.matcher(sql);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(resolve(m.group(1))));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private void parse(String text) {
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n")) {
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

  private void put(String name, StringBuilder body) {
    if (name != null) {
      raw.put(name, body.toString());
    }
  }

  static String read(String resource) {
    try (InputStream in = Statements.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
