package org.touchpoint.gateway;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayPropertiesTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final String ADMIN_KEY = "bootstrap-admin-0123456789abcdef";

    @Test
    void defaultsApplyWhenOnlyTheSecretIsSet() {
        GatewayProperties properties = bind(Map.of("crm.gateway.internal-token.secret", SECRET));

        assertThat(properties.internalToken().ttl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(properties.apiKeys().cacheTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.apiKeys().negativeCacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.apiKeys().negativeCacheMaxSize()).isEqualTo(50_000);
        assertThat(properties.bootstrapAdminKey()).isNull();
        assertThat(properties.strippedRequestHeaders()).contains("X-Forwarded-User");
    }

    @Test
    void blankAdminKeyMeansNoBootstrapKey() {
        GatewayProperties properties = bind(Map.of("crm.gateway.internal-token.secret", SECRET,
                "crm.gateway.admin-key", ""));

        assertThat(properties.bootstrapAdminKey()).isNull();
    }

    @Test
    void missingOrShortSecretFailsWithAMessageNamingTheEnvironmentVariable() {
        assertThatThrownBy(() -> bind(Map.of()))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("CRM_INTERNAL_TOKEN_SECRET").hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> bind(Map.of("crm.gateway.internal-token.secret", SECRET.substring(1))))
                .rootCause().hasMessageContaining("got 31");
    }

    @Test
    void ttlLongerThanTheContractMaximumFails() {
        assertThatThrownBy(() -> bind(Map.of("crm.gateway.internal-token.secret", SECRET,
                "crm.gateway.internal-token.ttl", "6m")))
                .rootCause().hasMessageContaining("crm.gateway.internal-token.ttl");
    }

    @Test
    void secretIsNeverPrinted() {
        GatewayProperties properties = bind(Map.of("crm.gateway.internal-token.secret", SECRET,
                "crm.gateway.admin-key", ADMIN_KEY));

        assertThat(properties.toString()).doesNotContain(SECRET).doesNotContain(ADMIN_KEY);
    }

    @Test
    void adminKeyShorterThan32CharactersFailsWithAMessageNamingTheEnvironmentVariable() {
        assertThatThrownBy(() -> bind(Map.of("crm.gateway.internal-token.secret", SECRET,
                "crm.gateway.admin-key", "bootstrap-admin")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("CRM_GATEWAY_ADMIN_KEY").hasMessageContaining("32 characters")
                .hasMessageContaining("got 15").hasMessageNotContaining("bootstrap-admin");
        assertThatThrownBy(() -> bind(Map.of("crm.gateway.internal-token.secret", SECRET,
                "crm.gateway.admin-key", ADMIN_KEY.substring(1))))
                .rootCause().hasMessageContaining("CRM_GATEWAY_ADMIN_KEY").hasMessageContaining("got 31");
    }

    @Test
    void adminKeyOf32CharactersIsAccepted() {
        GatewayProperties properties = bind(Map.of("crm.gateway.internal-token.secret", SECRET,
                "crm.gateway.admin-key", ADMIN_KEY));

        assertThat(properties.bootstrapAdminKey()).isEqualTo(ADMIN_KEY);
    }

    @Test
    void blankAdminKeyOfAnyLengthStaysAllowedAndMeansNoBootstrapKey() {
        GatewayProperties properties = bind(Map.of("crm.gateway.internal-token.secret", SECRET,
                "crm.gateway.admin-key", "   "));

        assertThat(properties.bootstrapAdminKey()).isNull();
    }

    private static GatewayProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(new HashMap<>(values)))
                .bindOrCreate("crm.gateway", GatewayProperties.class);
    }
}
