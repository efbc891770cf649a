package org.touchpoint.kit.folding;

import org.springframework.data.annotation.Id;

/**
 * The base of every document a service folds from the topics with the {@link FoldEngine}: one document per id
 * (usually the customer id) in one collection. The engine owns {@code version} (the optimistic check of its one
 * write per document per batch) and {@code forgotten} (an erased customer is reduced to a marker that no later
 * or redelivered event brings back). Its own bookkeeping (the ids of the events applied, the write token, what
 * the document contributes to aggregates) is stored beside the view's fields and never read into it.
 *
 * <p>Subclasses are plain mutable classes with a no-argument constructor, read and written by Spring Data's
 * converter. They are persisted state, never an API response.
 */
public abstract class FoldedView {

    public static final String VERSION = "version";
    public static final String FORGOTTEN = "forgotten";

    @Id
    protected String id;
    protected long version;
    protected boolean forgotten;

    protected FoldedView() {
    }

    protected FoldedView(String id) {
        this.id = id;
    }

    public String getId() {
        return id;
    }

    /** How many times the engine wrote this document (0 before its first write). */
    public long getVersion() {
        return version;
    }

    /** True when the customer was erased: the document holds nothing else. */
    public boolean isForgotten() {
        return forgotten;
    }

    void setVersion(long version) {
        this.version = version;
    }

    void setId(String id) {
        this.id = id;
    }
}
