package io.qosb.ops;

/** An invalid configuration value; its message is the one line printed when startup fails. */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
