package io.qosb.store;

import io.qosb.booking.CamaraException;
import io.vertx.core.Future;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.sql.SQLException;
import java.util.Set;

/** Turns database failures into the domain's errors, in one place. */
public final class SqlErrors {

  private static final Set<String> DUPLICATE_KEY = Set.of("23505", "23000");
  private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300", "90067", "90098", "90121");

  private SqlErrors() {
  }

  /**
   * For {@code .recover(SqlErrors::translate)}: a duplicate key (SQLSTATE 23505/23000) becomes
   * 409 ABORTED, a database that cannot be reached 503 UNAVAILABLE (answered with Retry-After),
   * anything else passes unchanged.
   */
  public static <T> Future<T> translate(Throwable t) {
    if (isDuplicateKey(t)) {
      return Future.failedFuture(new CamaraException(409, "ABORTED", "The request conflicts with a concurrent change; try again."));
    }
    if (isUnavailable(t)) {
      return Future.failedFuture(CamaraException.unavailable("The booking store is temporarily unavailable; try again later."));
    }
    return Future.failedFuture(t);
  }

  /**
   * True if the failure says the database cannot be reached rather than that a statement failed: a
   * closed or refused connection, a timeout, SQLSTATE class 08 (connection exception), PostgreSQL's
   * shutdown and too-many-connections states, or H2's broken or closed database.
   */
  static boolean isUnavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.io.IOException || c instanceof ClosedConnectionException
         
          || c instanceof java.util.concurrent.TimeoutException) {
        return true;
      }
    }
    String state = sqlState(t);
    return state != null && (state.startsWith("08") || UNAVAILABLE.contains(state));
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
