package org.touchpoint.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The contract in code ({@link TouchContract}) against the page people read (docs/touches.md), kind by kind. */
class TouchContractTest {

    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

    /** One row of a table in docs/touches.md, under the heading of the service that owns its kinds. */
    record DocumentedKind(String kind, String owner, Set<String> refs, Set<String> attributes) {
    }

    static List<DocumentedKind> documented() throws IOException {
        Path page = Path.of("..", "docs", "touches.md");
        List<DocumentedKind> rows = new ArrayList<>();
        String owner = null;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("## ")) {
                owner = line.substring(3).trim();
                continue;
            }
            if (owner == null || !line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            // | kind | channel | refs | attributes |
            Set<String> refs = new LinkedHashSet<>();
            for (String r : cells[3].split(",")) {
                String name = r.trim().replace("?", "");
                if (!name.isEmpty()) {
                    refs.add(name);
                }
            }
            Set<String> attributes = new LinkedHashSet<>();
            String attributeText = withoutParentheses(cells[4]);
            int semicolon = attributeText.indexOf(';'); // after it: the touch's amount, not an attribute
            Matcher m = TICKED.matcher(semicolon < 0 ? attributeText : attributeText.substring(0, semicolon));
            while (m.find()) {
                attributes.add(m.group(1));
            }
            Matcher kinds = TICKED.matcher(withoutParentheses(cells[1]));
            while (kinds.find()) {
                rows.add(new DocumentedKind(kinds.group(1), owner, refs, attributes));
            }
        }
        return rows;
    }

    private static String withoutParentheses(String s) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : s.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedKindMatchesTheContract() throws IOException {
        return documented().stream().map(d -> DynamicTest.dynamicTest(d.kind(), () -> {
            TouchContract.Kind k = TouchContract.kind(d.kind()).orElseThrow(() -> new AssertionError(d.kind() + " is documented but not in TouchContract"));
            assertThat(k.owner()).as("owner of " + d.kind()).isEqualTo(d.owner());
            assertThat(k.refs()).as("refs of " + d.kind()).containsExactlyInAnyOrderElementsOf(d.refs());
            assertThat(k.attributes().keySet()).as("attributes of " + d.kind()).containsExactlyInAnyOrderElementsOf(d.attributes());
        }));
    }

    @Test
    void everyKindOfTheContractIsDocumented() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        documented().forEach(d -> documented.add(d.kind()));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(TouchContract.kinds().stream().map(TouchContract.Kind::kind).toList());
    }

    @Test
    void everyKindConstantIsInTheContract() throws IllegalAccessException {
        for (var field : TouchKinds.class.getFields()) {
            String kind = (String) field.get(null);
            assertThat(TouchContract.kind(kind)).as(field.getName()).isPresent();
        }
    }

    @Test
    void onlyTheOwnerMayPublishAKind() {
        assertThat(TouchContract.mayPublish("/crm/customer-service", TouchKinds.CONTACT_DELETED)).isTrue();
        assertThat(TouchContract.mayPublish("/crm/sales-service", TouchKinds.CONTACT_DELETED)).isFalse();
        assertThat(TouchContract.mayPublish("/crm/customer-service", "made.up")).isFalse();
        assertThat(TouchContract.isAccountLevel(TouchKinds.ENTITLEMENT_CHANGED)).isTrue();
        assertThat(TouchContract.isAccountLevel(TouchKinds.CASE_OPENED)).isFalse();
    }

    @Test
    void aConformingTouchHasNoViolations() {
        assertThat(TouchContract.violations(EventCodecTest.wonTouch(), TouchContract.SALES_SERVICE)).isEmpty();
    }

    @Test
    void violationsNameTheOwnerTheUnknownRefAttributeAndType() {
        Touch t = Touch.builder("con_1", TouchKinds.CASE_OPENED).ref("caseId", "cas_1").ref("dealId", "x")
                .attribute("priority", 3).attribute("colour", "red").build();
        assertThat(TouchContract.violations(t, TouchContract.SALES_SERVICE)).containsExactlyInAnyOrder(
                "kind case.opened belongs to support-service, not sales-service",
                "kind case.opened has no ref dealId",
                "attribute priority of case.opened is not a TEXT: 3",
                "kind case.opened has no attribute colour");
        Touch unknown = Touch.builder("con_1", "made.up").build();
        assertThat(TouchContract.violations(unknown, TouchContract.SALES_SERVICE)).containsExactly("kind made.up is not in the touch contract");
    }

    @Test
    void decimalsAreBoundedSoNoValueExpands() {
        Touch huge = Touch.builder("con_1", TouchKinds.WORK_LOGGED).ref("caseId", "cas_1").attribute("ratePerHour", "1E+5000").build();
        assertThat(TouchContract.violations(huge, TouchContract.SUPPORT_SERVICE)).containsExactly("attribute ratePerHour of work.logged is not a DECIMAL: 1E+5000");
        assertThat(huge.attrs().decimal("ratePerHour")).isNull();
        assertThat(TouchAttributes.asDecimal("1E-5000")).isNull();
        assertThat(TouchAttributes.asDecimal("123456789012345678.12345678")).isEqualByComparingTo("123456789012345678.12345678");
        assertThat(TouchAttributes.asDecimal("1234567890123456789")).isNull();
        assertThat(TouchAttributes.asDecimal("0." + "1".repeat(9))).isNull();
    }

    @Test
    void typedAccessorsReadWhatTheKindDeclares() {
        Touch won = EventCodecTest.wonTouch();
        List<TouchAttributes.LineItem> items = won.attrs().lineItems("lineItems");
        assertThat(items).hasSize(1);
        assertThat(items.getFirst().productCode()).isEqualTo("PREMIUM-LIC");
        assertThat(items.getFirst().quantity()).isEqualByComparingTo("40");
        assertThat(items.getFirst().total()).isEqualByComparingTo(new BigDecimal("48000.00"));

        Map<String, Object> a = new LinkedHashMap<>();
        a.put("windowStart", "2026-12-01T09:00:00Z");
        a.put("rescheduled", true);
        Touch visit = new Touch("con_1", null, TouchKinds.VISIT_SCHEDULED, Channels.VISIT, Instant.EPOCH, "system", null,
                Map.of("caseId", "cas_1"), null, a);
        assertThat(visit.attrs().instant("windowStart")).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(visit.attrs().bool("rescheduled")).isTrue();
        assertThat(visit.attrs().text("technician")).isNull();

        Touch entitlement = Touch.builder("acc_1", TouchKinds.ENTITLEMENT_CHANGED).attribute("validUntil", "2027-12-31")
                .attribute("tier", 7).build();
        assertThat(entitlement.attrs().date("validUntil")).isEqualTo(LocalDate.of(2027, 12, 31));
        assertThat(entitlement.attrs().text("tier")).as("a non-conforming value reads as null").isNull();
    }

    @Test
    void askingForAnUndeclaredAttributeOrTypeIsAProgrammingError() {
        Touch won = EventCodecTest.wonTouch();
        assertThatThrownBy(() -> won.attrs().text("campaignName")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kind opportunity.won has no attribute campaignName");
        assertThatThrownBy(() -> won.attrs().text("cycleDays")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attribute cycleDays of opportunity.won is a INTEGER, not a TEXT");
    }
}
