package org.touchpoint.marketing.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void rendersKnownFieldsAndEscapesValuesForHtml() {
        String text = "Hola {{nickname}}, {{ firstName }}: {{offerName}}";
        assertThat(Template.check(text, "template.body")).isEmpty();
        assertThat(Template.render(text, Map.of("nickname", "Pepe", "firstName", "José", "offerName", "<Cartuchos>"), Template::html))
                .isEqualTo("Hola Pepe, José: &lt;Cartuchos&gt;");
    }

    @Test
    void anUnknownFieldIsReportedAtItsPath() {
        var errors = Template.check("Hola {{firstName}} {{shoeSize}}", "template.body");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("template.body");
            assertThat(e.message()).contains("{{shoeSize}}");
        });
    }

    @Test
    void aMissingValueRendersEmpty() {
        assertThat(Template.render("Hola {{nickname}}!", Map.of(), s -> s)).isEqualTo("Hola !");
    }
}
