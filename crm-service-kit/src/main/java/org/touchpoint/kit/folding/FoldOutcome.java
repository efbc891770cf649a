package org.touchpoint.kit.folding;

/** What applying one event did to a view. */
public enum FoldOutcome {
    /** Nothing this view keeps changed (the event is still remembered as applied). */
    UNCHANGED,
    /** The view changed and is written. */
    CHANGED,
    /** The customer is gone: the view is reduced to a forgotten marker, and later events about it are ignored. */
    FORGET
}
