package io.qosb.store;

import io.qosb.booking.CamaraException;
import io.vertx.core.Future;
import io.vertx.sqlclient.DatabaseException;
import java.sql.SQLException;
import java.util.Set;

/** Turns database failures into the domain's errors, in one place. */
public final class SqlErrors {

  private static final Set<String> DUPLICATE_KEY = Set.of("23505", "23000");

  private SqlErrors() {
  }

  /**
   * For {@code .recover(SqlErrors::translate)}: a duplicate key (SQLSTATE 23505/23000) becomes
   * 409 ABORTED, anything else passes unchanged.
   */
  public static <T> Future<T> translate(Throwable t) {
    return Future.failedFuture(isDuplicateKey(t)
        ? new CamaraException(409, "ABORTED", "The request conflicts with a concurrent change; try again.")
        : t);
  }

  /** True if the failure, or one of its causes, is a unique or primary key violation. */
  public static boolean isDuplicateKey(Throwable t) {
    String state = sqlState(t);
    return state != null && DUPLICATE_KEY.contains(state);
  }

  /** The SQLSTATE of the failure or its first cause that has one, else null. */
  static String sqlState(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DatabaseException d && d.getSqlState() != null) {
        return d.getSqlState();
      }
      if (c instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return null;
  }
}
