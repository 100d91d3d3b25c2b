package dev.estuary.core.internal.server;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

/** Applies the configured level to Estuary's own loggers (libraries stay at logback.xml's WARN). */
public final class Logging {
  private Logging() {}

  /**
   * Sets the level of the {@code dev.estuary} loggers.
   *
   * @param level one of error, warn, info, debug, trace
   */
  public static void apply(String level) {
    if (LoggerFactory.getLogger("dev.estuary") instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(Level.toLevel(level, Level.INFO));
    }
  }
}
