package io.qosb.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned scripts {@code db/<dialect>/V<n>__<what>.sql} listed in
 * {@code db/migrations/index.txt} that {@code schema_version} does not record yet (each script shared by
 * both dialects unless {@code db/<dialect>/} holds its own version), in one
 * transaction (on PostgreSQL under an advisory lock, so that replicas starting together migrate once).
 */
final class Migrations {

  /** The ordered list of migration scripts, shared by both dialects. */
  static final String INDEX = "db/migrations/index.txt";

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private final Dialect dialect;
  private final Statements sql;

  Migrations(Dialect dialect, Statements sql) {
    this.dialect = Objects.requireNonNull(dialect);
    this.sql = Objects.requireNonNull(sql);
  }

  /** Brings the schema up to date; completes with the number of scripts applied. */
  Future<Integer> migrate(Pool pool) {
    return pool.withTransaction(conn -> conn.query(sql.get("migrationLock")).execute()
        .compose(v -> conn.query(sql.get("createSchemaVersion")).execute())
        .compose(v -> conn.query(sql.get("schemaVersions")).execute())
        .compose(rows -> {
          Set<Integer> applied = new HashSet<>();
          for (Row r : rows) {
            applied.add(r.getInteger(0));
          }
          Future<Integer> chain = Future.succeededFuture(0);
          for (String script : scripts()) {
            int version = version(script);
            if (!applied.contains(version)) {
              chain = chain.compose(n -> apply(conn, script, version).map(v -> n + 1));
            }
          }
          return chain;
        }));
  }

  private Future<Void> apply(SqlConnection conn, String script, int version) {
    LOG.info("applying schema migration [dialect: {}, script: {}]", dialect, script);
    Future<Void> chain = Future.succeededFuture();
    for (String statement : split(script(script))) {
      chain = chain.compose(v -> conn.query(statement).execute().mapEmpty());
    }
    return chain.compose(v -> conn.preparedQuery(sql.get("insertSchemaVersion"))
        .execute(Tuple.of(version, script, System.currentTimeMillis())).mapEmpty());
  }

  private List<String> scripts() {
    List<String> names = new ArrayList<>();
    for (String line : Statements.read(INDEX).split("\n")) {
      if (!line.isBlank()) {
        names.add(line.strip());
      }
    }
    names.sort((a, b) -> Integer.compare(version(a), version(b)));
    return names;
  }

  /** The dialect's own version of a script where the dialects differ, else the shared one. */
  private String script(String name) {
    String own = "db/" + dialect.folder() + "/" + name;
    return Statements.class.getClassLoader().getResource(own) != null ? Statements.read(own)
        : Statements.read("db/migrations/" + name);
  }

  static int version(String script) {
    if (!script.matches("V\\d+__\\w+\\.sql")) {
      throw new IllegalStateException("migration script name must be V<n>__<what>.sql: " + script);
    }
    return Integer.parseInt(script.substring(1, script.indexOf("__")));
  }

  /** Statements of a script: split at ';' ending a line; '--' comment lines dropped. */
  static List<String> split(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.startsWith("--") || t.isEmpty()) {
        continue;
      }
      sb.append(t).append('\n');
      if (t.endsWith(";")) {
        out.add(sb.substring(0, sb.lastIndexOf(";")));
        sb.setLength(0);
      }
    }
    if (!sb.toString().isBlank()) {
      out.add(sb.toString());
    }
    return out;
  }
}
