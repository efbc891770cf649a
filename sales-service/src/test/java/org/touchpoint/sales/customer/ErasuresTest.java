package org.touchpoint.sales.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.EventCodec.ProfileRecord;

/**
 * Erasure after the copy is forgotten: the tombstone's reaction runs every step; a step that fails leaves the erasure
 * pending (the copy stays forgotten, late writes stay refused) and the retry completes it; a second run changes nothing.
 */
class ErasuresTest extends FoldingTestSupport {

    /** A step that records its runs and fails while {@code failing} is set. */
    static final class Step implements CustomerErasure {
        final List<String> runs = new ArrayList<>();
        boolean failing;

        @Override
        public void forget(String customerId) {
            runs.add(customerId);
            if (failing) {
                throw new IllegalStateException("the deals store refused the write");
            }
        }
    }

    private final Step leads = new Step();
    private final Step deals = new Step();

    private Erasures erasures() {
        return new Erasures(mongo, List.of(leads, deals));
    }

    @Test
    void theReactionRunsEveryStepRemovesTheEmailLookupAndTheRedeliveryRunsThemAgain() {
        fold(profile("con_a", 1, "carmen@andina.example"));
        fold("tombstone:con_a");
        CustomerErasureHandler handler = new CustomerErasureHandler(erasures());

        handler.onProfile(new ProfileRecord("con_a", profile("con_b", 1, "x@example.com"))); // a snapshot: not its business
        assertThat(leads.runs).isEmpty();
        handler.onProfile(new ProfileRecord("con_a", null));

        assertThat(leads.runs).containsExactly("con_a");
        assertThat(deals.runs).containsExactly("con_a");
        assertThat(raw(Erasures.COLLECTION, "con_a")).as("completed").isNull();
        assertThat(raw(EmailKeys.COLLECTION, EmailKeys.of("carmen@andina.example"))).isNull();

        handler.onProfile(new ProfileRecord("con_a", null)); // redelivered: the (idempotent) steps run again
        assertThat(deals.runs).containsExactly("con_a", "con_a");
    }

    @Test
    void aStepThatFailsAfterTheCopyWasForgottenIsCompletedByTheRetry() {
        fold(profile("con_a", 1, "carmen@andina.example"), profile("con_b", 1, "beatriz@andina.example"));
        fold("tombstone:con_a");
        Erasures erasures = erasures();
        deals.failing = true;

        assertThatThrownBy(() -> new CustomerErasureHandler(erasures).onProfile(new ProfileRecord("con_a", null)))
                .isInstanceOf(IllegalStateException.class);
        // The kit retries the reaction, then dead-letters the tombstone: the copy stays forgotten, the erasure pending.
        assertThat(store.erased("con_a")).isTrue();
        assertThat(raw(Erasures.COLLECTION, "con_a")).isNotNull();

        ErasureRetry retry = new ErasureRetry(erasures, new ErasureProperties(Duration.ofMinutes(1)), new SimpleMeterRegistry());
        assertThat(retry.pass()).as("first seen: its reaction may still be running").isZero();
        assertThat(deals.runs).hasSize(1);
        assertThat(retry.pass()).as("still failing").isZero();
        assertThat(deals.runs).hasSize(2);
        assertThat(raw(Erasures.COLLECTION, "con_a")).isNotNull();

        deals.failing = false;
        assertThat(retry.pass()).isEqualTo(1);
        assertThat(deals.runs).containsExactly("con_a", "con_a", "con_a");
        assertThat(raw(Erasures.COLLECTION, "con_a")).isNull();
        assertThat(raw(EmailKeys.COLLECTION, EmailKeys.of("carmen@andina.example"))).isNull();
        assertThat(store.byEmail("beatriz@andina.example")).as("another customer's lookup stays").isPresent();
        assertThat(retry.pass()).as("nothing left").isZero();
    }

    @Test
    void anAddressAnotherCustomerTookSinceKeepsPointingToThem() {
        fold(profile("con_a", 1, "compartido@andina.example"));
        fold(profile("con_a", 2, "propio@andina.example"), profile("con_b", 1, "compartido@andina.example"));
        fold("tombstone:con_a");

        new CustomerErasureHandler(erasures()).onProfile(new ProfileRecord("con_a", null));

        assertThat(raw(EmailKeys.COLLECTION, EmailKeys.of("propio@andina.example"))).isNull();
        assertThat(store.byEmail("compartido@andina.example")).map(SalesCustomer::getId).contains("con_b");
    }
}
