package io.qosb.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The adapter's logging set-up, in code: one console appender, {@code QOSB_LOG_LEVEL} (default INFO)
 * at the root, Netty at WARN. Logback finds it through {@code META-INF/services}. It replaces a
 * {@code logback.xml} because reading that file (Joran and the JDK's XML parser) took 0.3-0.5 s of
 * every start, a fifth of the time to ready (issue 16, footprint).
 *
 * <p>A file named by {@code -Dlogback.configurationFile}, or a {@code logback-test.xml} on the class
 * path (the tests'), still wins: this configurator then leaves the set-up to Logback's own.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {

  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("STDOUT");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(rootLevel(System.getProperty("QOSB_LOG_LEVEL", System.getenv("QOSB_LOG_LEVEL"))));
    root.addAppender(console);
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("io.vertx").setLevel(Level.INFO);
    context.getLogger("com.zaxxer").setLevel(Level.WARN);
    context.getLogger("io.agroal").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** @return the level named (any case), INFO when unset or not a level name */
  static Level rootLevel(String name) {
    return name == null || name.isBlank() ? Level.INFO : Level.toLevel(name.strip(), Level.INFO);
  }
}
