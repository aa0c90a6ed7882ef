package io.qosb.store;

import java.util.Locale;
import java.util.Objects;

/**
 * A parsed {@code store.url}: {@code h2:file:PATH}, {@code h2:mem:NAME} or
 * {@code postgresql://USER[:PASS]@HOST:PORT/DB}.
 *
 * @param dialect the database
 * @param target for H2 the JDBC URL, for PostgreSQL the connection URI
 */
public record StoreUrl(Dialect dialect, String target) {

  /** How long a transaction waits for a row lock in H2 before it fails. */
  static final int H2_LOCK_TIMEOUT_MS = 10_000;

  /** How long H2 keeps a dead chunk before reusing its space: several periods of GroupCommitPool's sync. */
  static final int H2_RETENTION_MS = 2_000;

  /**
   * H2's own compaction at close, off: {@link H2Flush#close} compacts instead (H2's 200 ms default
   * rewrote 16 MB at the end of the file after it and left it larger).
   */
  static final int H2_MAX_COMPACT_MS = 0;

  /**
   * Parsed statements H2 keeps per connection (its default, 8, is fewer than the statements one pooled
   * connection runs in turn, so most executions were parsed again: ~3 % of the store's worker time in
   * a JFR profile of BookNowBenchmark, issue 16).
   */
  static final int H2_QUERY_CACHE_SIZE = 256;

  /**
   * @throws IllegalArgumentException if the URL has none of the accepted forms
   */
  public static StoreUrl parse(String url) {
    Objects.requireNonNull(url, "url");
    if (url.startsWith("h2:mem:") && url.length() > "h2:mem:".length()) {
      // the in-memory database lives until the JVM ends, not until the last connection closes
      return new StoreUrl(Dialect.H2, "jdbc:" + url + queryCache(url) + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT="
          + H2_LOCK_TIMEOUT_MS);
    }
    if (url.startsWith("h2:file:") && url.length() > "h2:file:".length()) {
      // H2 writes commits in the background (WRITE_DELAY); GroupCommitPool makes each transaction
      // wait for a shared, synced flush, so that a booking answered 201 survives kill -9 and power
      // loss; as every flush is synced, dead chunks need not be kept 45 s (see H2Flush). Pages are not
      // compressed unless the URL says so (;COMPRESS=TRUE: about 2.3x smaller after close, but H2 then
      // writes 64 KB compressed pages at every flush: twice the CPU per booking in BookNowBenchmark,
      // bench/RESULTS.md "Issue 16, session 4")
      return new StoreUrl(Dialect.H2, "jdbc:" + url + queryCache(url) + ";RETENTION_TIME=" + H2_RETENTION_MS
          + ";MAX_COMPACT_TIME=" + H2_MAX_COMPACT_MS + ";LOCK_TIMEOUT=" + H2_LOCK_TIMEOUT_MS);
    }
    if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
      return new StoreUrl(Dialect.POSTGRESQL, url);
    }
    throw new IllegalArgumentException("store.url must be h2:file:PATH, h2:mem:NAME or postgresql://USER@HOST:PORT/DB");
  }

  /** The query cache setting, unless the URL sets its own (H2 refuses a setting given twice). */
  private static String queryCache(String url) {
    return url.toUpperCase(Locale.ROOT).contains(";QUERY_CACHE_SIZE=") ? "" : ";QUERY_CACHE_SIZE=" + H2_QUERY_CACHE_SIZE;
  }

  /** True for an H2 in-memory database, which nothing outlives. */
  public boolean inMemory() {
    return target.startsWith("jdbc:h2:mem:");
  }

  @Override
  public String toString() {
    // a PostgreSQL URI may carry a password
    return "StoreUrl[" + dialect + ", " + target.replaceAll("//([^:@/]+):[^@/]*@", "//$1:***@") + "]";
  }
}
