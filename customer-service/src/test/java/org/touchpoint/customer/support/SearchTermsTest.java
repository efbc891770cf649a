package org.touchpoint.customer.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SearchTermsTest {

    @Test
    void termsAreLowerCaseWithoutAccentsAndIncludeEachWord() {
        assertThat(SearchTerms.of(List.of("José Núñez", "Farmacéutica São João")))
                .containsExactly("josé núñez".replace("é", "e").replace("ñ", "n").replace("ú", "u"), "jose", "nunez",
                        "farmaceutica sao joao", "farmaceutica", "sao", "joao");
    }

    @Test
    void prefixRegexIsAnchoredAndTreatsInputLiterally() {
        assertThat(Pattern.compile(SearchTerms.prefixRegex("JOSÉ")).matcher("jose nunez").find()).isTrue();
        assertThat(Pattern.compile(SearchTerms.prefixRegex("ose")).matcher("jose").find()).isFalse();
        assertThat(Pattern.compile(SearchTerms.prefixRegex(".*")).matcher("jose").find()).isFalse();
        assertThat(Pattern.compile(SearchTerms.prefixRegex("a+b")).matcher("a+b@x.example").find()).isTrue();
    }
}
