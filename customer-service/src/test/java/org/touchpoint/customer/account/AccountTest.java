package org.touchpoint.customer.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchContract;
import org.touchpoint.kit.outbox.OutboxDocument.Emitted;

/** The account's touches, without Spring. */
class AccountTest {

    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

    @Test
    void everyTouchAnAccountEmitsConformsToTheTouchContract() {
        AccountRequest r = new AccountRequest("Andina", "Andina.example", "retail", 120, "premium", "user:lucia",
                new Address("Calle 1", "Medellín", null, "050001", "CO"), List.of("vip"), Map.of("a", 1), Map.of("erp", "1"));
        List<Emitted> emitted = new ArrayList<>();
        Account a = Account.create("acc_1", r, "key:k1", T0);
        emitted.addAll(a.emitted());
        a.markPersisted(0);
        a.update(r, "key:k1", T0.plusSeconds(1));
        a.delete("key:k1", T0.plusSeconds(2));
        emitted.addAll(a.emitted());

        List<Touch> touches = emitted.stream().map(Emitted::payload).map(Touch.class::cast).toList();
        assertThat(touches).extracting(Touch::kind).containsExactly("account.created", "account.updated", "account.deleted");
        assertThat(touches).allSatisfy(t -> assertThat(TouchContract.violations(t, "customer-service")).as(t.kind()).isEmpty());
        assertThat(a.domainKey()).as("deleted: the domain is given up").isNull();
    }
}
