package org.touchpoint.marketing.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssociationsTest {

    @Test
    void learnsSupportConfidenceAndLiftFromBaskets() {
        List<Set<String>> baskets = List.of(
                Set.of("HP-664", "CABLE-USB"), Set.of("HP-664", "CABLE-USB"), Set.of("HP-664", "PAPEL-A4"),
                Set.of("PAPEL-A4"), Set.of("PAPEL-A4"));
        Associations a = Associations.learn(baskets, new Associations.Thresholds(0.1, 0.5, 1.0, 2));
        assertThat(a.baskets()).isEqualTo(5);
        var rule = a.from("HP-664").stream().filter(r -> r.to().equals("CABLE-USB")).findFirst().orElseThrow();
        assertThat(rule.support()).isEqualTo(0.4);
        assertThat(rule.confidence()).isEqualTo(2.0 / 3);
        assertThat(rule.lift()).isCloseTo((2.0 / 3) / 0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(a.from("CABLE-USB")).extracting(Associations.AssociationRule::to).containsExactly("HP-664");
        assertThat(a.from("HP-664")).as("one co-purchase with paper is under minPairCount 2")
                .extracting(Associations.AssociationRule::to).doesNotContain("PAPEL-A4");
    }
}
