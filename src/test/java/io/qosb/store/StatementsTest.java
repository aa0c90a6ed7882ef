package io.qosb.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Verifies URL parsing, named statements and placeholder rewriting. */
class StatementsTest {

  /** Verifies that each accepted store.url form maps to its dialect, and others are refused. */
  @Test
  void testParseStoreUrl() {
    assertThat(StoreUrl.parse("h2:file:./data/qosb").target()).startsWith("jdbc:h2:file:./data/qosb;");
    assertThat(StoreUrl.parse("h2:mem:x").target()).contains("DB_CLOSE_DELAY=-1");
    // the file store compresses its pages only when the URL asks for it
    assertThat(StoreUrl.parse("h2:file:./data/qosb").target()).doesNotContainIgnoringCase("COMPRESS");
    assertThat(StoreUrl.parse("h2:file:./data/qosb;COMPRESS=TRUE").target()).contains(";COMPRESS=TRUE");
    // H2 keeps more parsed statements per connection than its default 8, unless the URL sets it
    assertThat(StoreUrl.parse("h2:file:./data/qosb").target()).contains(";QUERY_CACHE_SIZE=256");
    assertThat(StoreUrl.parse("h2:mem:x").target()).contains(";QUERY_CACHE_SIZE=256");
    assertThat(StoreUrl.parse("h2:file:./q;QUERY_CACHE_SIZE=16").target()).contains(";QUERY_CACHE_SIZE=16")
        .doesNotContain("256");
    StoreUrl pg = StoreUrl.parse("postgresql://qosb:secret@db:5432/qosb");
    assertThat(pg.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(pg.toString()).doesNotContain("secret");
    assertThatThrownBy(() -> StoreUrl.parse("mysql://x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreUrl.parse("h2:mem:")).isInstanceOf(IllegalArgumentException.class);
  }

  /** Verifies that PostgreSQL statements get numbered placeholders, includes and expanded key lists. */
  @Test
  void testStatementsPerDialect() {
    Statements pg = new Statements(Dialect.POSTGRESQL);
    Statements h2 = new Statements(Dialect.H2);
    assertThat(pg.get("findBooking")).startsWith("SELECT id, owner,").endsWith("WHERE id = $1");
    assertThat(h2.get("findBooking")).endsWith("WHERE id = ?");
    assertThat(pg.withKeys("conflictingDevices", 2)).endsWith("IN ($4, $5)");
    assertThat(pg.get("ensureDeviceLock")).contains("ON CONFLICT DO NOTHING");
    assertThat(h2.get("ensureDeviceLock")).startsWith("MERGE INTO");
    assertThatThrownBy(() -> h2.get("nope")).isInstanceOf(IllegalArgumentException.class);
  }

  /** Verifies migration script naming and statement splitting. */
  @Test
  void testMigrationScripts() {
    assertThat(Migrations.version("V12__more.sql")).isEqualTo(12);
    assertThatThrownBy(() -> Migrations.version("init.sql")).isInstanceOf(IllegalStateException.class);
    assertThat(Migrations.split("-- c\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);\n"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)");
  }
}
