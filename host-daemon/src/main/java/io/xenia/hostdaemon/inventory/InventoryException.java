package io.xenia.hostdaemon.inventory;

/**
 * The inventory file is not valid; the message names the file, the line and the field, like {@code
 * inventory.yaml line 14: machines[1].facts.memoryMiB: must be a whole number, not "lots"}.
 */
public final class InventoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InventoryException(String message) {
    super(message);
  }

  public InventoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
