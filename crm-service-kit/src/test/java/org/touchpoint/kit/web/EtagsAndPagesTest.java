package org.touchpoint.kit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.dao.OptimisticLockingFailureException;

class EtagsAndPagesTest {

    /** A write that loses the race {@code losses} times, then succeeds; counts its attempts. */
    private static java.util.function.Supplier<String> losing(int losses, AtomicInteger attempts) {
        return () -> {
            if (attempts.incrementAndGet() <= losses) {
                throw new OptimisticLockingFailureException("changed since read");
            }
            return "saved";
        };
    }

    @Test
    void anUnconditionalWriteThatLosesARaceIsReadAndAppliedAgain() {
        for (String unconditional : new String[] {null, "", "*"}) {
            AtomicInteger attempts = new AtomicInteger();
            assertThat(Etags.write(unconditional, losing(Etags.UNCONDITIONAL_ATTEMPTS - 1, attempts))).isEqualTo("saved");
            assertThat(attempts).hasValue(Etags.UNCONDITIONAL_ATTEMPTS);
        }
    }

    @Test
    void anUnconditionalWriteGivesUpAfterItsAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> Etags.write(null, losing(Etags.UNCONDITIONAL_ATTEMPTS, attempts)))
                .isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(attempts).hasValue(Etags.UNCONDITIONAL_ATTEMPTS);
    }

    @Test
    void aConditionalWriteThatLosesARaceIsNotRepeated() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> Etags.write("\"3\"", losing(1, attempts)))
                .isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void otherFailuresAreNeverRepeated() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> Etags.write(null, () -> {
            attempts.incrementAndGet();
            throw CrmApiException.notFound("contact", "con_x");
        })).isInstanceOf(CrmApiException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void ifMatchAcceptsTheCurrentVersionStarOrNothing() {
        assertThatNoException().isThrownBy(() -> Etags.requireMatch("\"3\"", 3));
        assertThatNoException().isThrownBy(() -> Etags.requireMatch("\"1\", \"3\"", 3));
        assertThatNoException().isThrownBy(() -> Etags.requireMatch("*", 3));
        assertThatNoException().isThrownBy(() -> Etags.requireMatch(null, 3));
    }

    @Test
    void ifMatchNamingAnOlderVersionIs412() {
        assertThatThrownBy(() -> Etags.requireMatch("\"2\"", 3))
                .isInstanceOfSatisfying(CrmApiException.class, e -> assertThat(e.status().value()).isEqualTo(412));
        assertThatThrownBy(() -> Etags.requireMatch("3", 3)).isInstanceOf(CrmApiException.class);
        assertThatThrownBy(() -> Etags.requireMatch("W/\"3\"", 3)).as("weak tags never match If-Match")
                .isInstanceOf(CrmApiException.class);
    }

    @Test
    void cursorsRoundTripAndForgeriesAreRejected() {
        assertThat(Page.decodeCursor(Page.encodeCursor("con_01J"))).isEqualTo("con_01J");
        assertThat(Page.decodeCursor(null)).isNull();
        assertThatThrownBy(() -> Page.decodeCursor("%%%")).isInstanceOf(CrmApiException.class);
        assertThatThrownBy(() -> Page.decodeCursor("Zm9v")).isInstanceOf(CrmApiException.class);
    }

    @Test
    void limitIsBounded() {
        assertThat(Page.checkLimit(null)).isEqualTo(50);
        assertThat(Page.checkLimit(200)).isEqualTo(200);
        assertThatThrownBy(() -> Page.checkLimit(0)).isInstanceOf(CrmApiException.class);
        assertThatThrownBy(() -> Page.checkLimit(201)).isInstanceOf(CrmApiException.class);
    }
}
