package org.touchpoint.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeKeysValidatorTest {

    @Test
    void acceptsOrdinaryAttributes() {
        assertThat(SafeKeysValidator.check(Map.of("segment", "retail", "employees", 120, "vip", true,
                "regions", List.of("norte", "sur"), "contract", Map.of("renewal", "2027-01-01")), 1)).isNull();
    }

    @Test
    void rejectsOperatorAndPathKeysAtAnyDepth() {
        assertThat(SafeKeysValidator.check(Map.of("$where", "1"), 1)).contains("$where");
        assertThat(SafeKeysValidator.check(Map.of("a.b", 1), 1)).contains("a.b");
        assertThat(SafeKeysValidator.check(Map.of("outer", Map.of("$gt", "")), 1)).contains("$gt");
        assertThat(SafeKeysValidator.check(Map.of("list", List.of(Map.of("x.y", 1))), 1)).contains("x.y");
        assertThat(SafeKeysValidator.check(Map.of(" ", 1), 1)).contains("non-blank");
        assertThat(SafeKeysValidator.check(Map.of("x", Map.of("_class", "java.lang.String")), 1)).contains("_class");
        assertThat(SafeKeysValidator.check(Map.of("_id", "507f1f77bcf86cd799439011"), 1)).contains("_id");
    }

    @Test
    void rejectsOversizedOrDeepMaps() {
        Map<String, Object> wide = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            wide.put("k" + i, i);
        }
        assertThat(SafeKeysValidator.check(wide, 1)).contains("more than 50");
        assertThat(SafeKeysValidator.check(Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of("e", 1))))), 1)).contains("deeper");
        assertThat(SafeKeysValidator.check(Map.of("k".repeat(65), 1), 1)).contains("longer than 64");
        assertThat(SafeKeysValidator.check(Map.of("note", "x".repeat(4001)), 1)).contains("longer than 4000");
        assertThat(SafeKeysValidator.check(Map.of("weird", new Object()), 1)).contains("unsupported type");
        assertThat(SafeKeysValidator.check(Map.of("huge", new java.math.BigInteger("99999999999999999999999")), 1)).contains("out of range");
        assertThat(SafeKeysValidator.check(Map.of("fine", java.math.BigInteger.TEN), 1)).isNull();
    }
}
