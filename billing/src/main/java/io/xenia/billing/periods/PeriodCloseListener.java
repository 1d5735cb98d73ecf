package io.xenia.billing.periods;

/**
 * Told of each period closed, after its transaction committed (so what it reads is there and
 * final). Every Micronaut bean of this type is called, in no set order, on the thread that closed
 * the period. A listener that throws is logged and does not undo the close; one that must not miss
 * a period (a publication) re-reads closed periods on its own start, because a crash between the
 * commit and the call skips the call.
 */
public interface PeriodCloseListener {
  void periodClosed(ClosedPeriod period);
}
