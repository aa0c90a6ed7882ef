package io.qosb.store;

/** The SQL dialects the store speaks. */
public enum Dialect {
  H2("h2"),
  POSTGRESQL("postgresql");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The classpath folder under {@code db/} with this dialect's migrations and statements. */
  public String folder() {
    return folder;
  }

  /**
   * Rewrites '?' placeholders to this dialect's: unchanged for H2 (JDBC), {@code $1, $2...} for
   * PostgreSQL. Statements contain no '?' inside literals.
   */
  public String placeholders(String sql) {
    if (this == H2) {
      return sql;
    }
    StringBuilder sb = new StringBuilder(sql.length() + 16);
    int n = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '?') {
        sb.append('$').append(++n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
