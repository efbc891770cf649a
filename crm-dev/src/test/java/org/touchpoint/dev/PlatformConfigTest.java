package org.touchpoint.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformConfigTest {

    @TempDir
    Path dir;

    @Test
    void bundledDefinitionListsTheDevPortsTheServicesAndTheGateway() {
        PlatformConfig config = PlatformConfig.builder().rootDir(dir).build();

        assertThat(config.kafkaPort()).isEqualTo(19092);
        assertThat(config.kafkaControllerPort()).isEqualTo(19093);
        assertThat(config.mongoPort()).isEqualTo(27117);
        assertThat(config.mailSmtpPort()).isEqualTo(3025);
        assertThat(config.mailImapPort()).isEqualTo(3143);
        assertThat(config.services()).contains(new ServiceSpec("customer-service", 8101));
        assertThat(config.gateway()).isEqualTo(new ServiceSpec("gateway", 8080));
        assertThat(config.applications().getLast()).as("the gateway starts last").isEqualTo(config.gateway());
        assertThat(config.stateDir()).isEqualTo(dir.toAbsolutePath().resolve(".crm"));
        assertThat(config.keyCheckPath()).isEqualTo("/api/accounts?limit=1");
    }

    @Test
    void jvmFlagsCombineCommonGroupAndModuleFlagsIncludingContinuationLines() {
        PlatformConfig config = PlatformConfig.builder()
                .jvmFlags("customer-service", "-Dextra=1")
                .build();

        assertThat(config.jvmFlagsFor("customer-service", PlatformConfig.SERVICES))
                .startsWith("-XX:+UseSerialGC")
                .contains("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED", "-Xmx256m")
                .endsWith("-Dextra=1");
        assertThat(config.jvmFlagsFor(Platform.KAFKA, PlatformConfig.KAFKA)).contains("-Xmx256m").doesNotContain("-Dextra=1");
        assertThat(config.jvmFlagsFor(Platform.MONGO, PlatformConfig.MONGO)).contains("-Xmx512m");
    }

    @Test
    void localOverridesAddRemoveAndRandomisePortsKeepingFileOrder() throws IOException {
        Path overrides = dir.resolve("platform.properties");
        Files.writeString(overrides, """
                mongo.port=random
                kafka.port=29092
                service.sales-service=9102
                service.customer-service=off
                service.marketing-service=off
                service.support-service=off
                service.extra-service=8109
                start.timeout=30
                """);

        PlatformConfig config = PlatformConfig.builder().overrides(overrides).build();

        assertThat(config.mongoPort()).isZero();
        assertThat(config.kafkaPort()).isEqualTo(29092);
        assertThat(config.services()).as("bundled order, then the added one").containsExactly(new ServiceSpec("sales-service", 9102),
                new ServiceSpec("analytics-service", 8105), new ServiceSpec("extra-service", 8109));
        assertThat(config.startTimeout()).hasSeconds(30);
    }

    @Test
    void theEmbeddedStoreLimitsComeFromTheFileAndCanBeRaisedLocally() {
        assertThat(PlatformConfig.builder().build().mongoStoreMaxGb()).isEqualTo(16);
        assertThat(PlatformConfig.builder().build().mongoStoreMinFreeGb()).isEqualTo(2);

        PlatformConfig raised = PlatformConfig.builder()
                .overrides(Map.of("mongo.store.max-gb", "40", "mongo.store.min-free-gb", "0.5")).build();

        assertThat(raised.mongoStoreMaxGb()).isEqualTo(40);
        assertThat(raised.mongoStoreMinFreeGb()).isEqualTo(0.5);
        assertThatThrownBy(() -> PlatformConfig.builder().overrides(Map.of("mongo.store.max-gb", "lots")))
                .hasMessageContaining("mongo.store.max-gb").hasMessageContaining("lots");
    }

    @Test
    void aMissingOverridesFileChangesNothing() {
        PlatformConfig config = PlatformConfig.builder().overrides(dir.resolve("absent.properties")).build();

        assertThat(config.kafkaPort()).isEqualTo(19092);
    }

    @Test
    void randomPortsSetsEveryPortToZero() {
        PlatformConfig config = PlatformConfig.builder().randomPorts().build();

        assertThat(config.kafkaPort()).isZero();
        assertThat(config.kafkaControllerPort()).isZero();
        assertThat(config.mongoPort()).isZero();
        assertThat(config.mailSmtpPort()).isZero();
        assertThat(config.mailImapPort()).isZero();
        assertThat(config.applications()).isNotEmpty().allSatisfy(spec -> assertThat(spec.port()).isZero());
    }

    @Test
    void servicesKeepsASubsetAndRejectsUnknownNames() {
        assertThat(PlatformConfig.builder().services().build().services()).isEmpty();
        assertThat(PlatformConfig.builder().services("customer-service").build().services())
                .extracting(ServiceSpec::name).containsExactly("customer-service");
        assertThatThrownBy(() -> PlatformConfig.builder().services("billing-service"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("billing-service");
    }

    @Test
    void withoutGatewayAndPortOverrides() {
        PlatformConfig config = PlatformConfig.builder().port("customer-service", 9101).port("gateway", 9080).build();
        assertThat(config.services()).contains(new ServiceSpec("customer-service", 9101));
        assertThat(config.gateway().port()).isEqualTo(9080);

        assertThat(PlatformConfig.builder().withoutGateway().build().gateway()).isNull();
        assertThat(PlatformConfig.builder().overrides(Map.of("gateway", "off")).build().gateway()).isNull();
    }

    @Test
    void rejectsBadPortsAndUnknownKeysWithTheKeyInTheMessage() {
        assertThatThrownBy(() -> PlatformConfig.builder().overrides(Map.of("mongo.port", "27o17")))
                .hasMessageContaining("mongo.port").hasMessageContaining("27o17");
        assertThatThrownBy(() -> PlatformConfig.builder().overrides(Map.of("service.sales-service", "70000")))
                .hasMessageContaining("service.sales-service");
        assertThatThrownBy(() -> PlatformConfig.builder().overrides(Map.of("kafka.prot", "1")))
                .hasMessageContaining("Unknown platform property: kafka.prot");
    }

    @Test
    void orderedPropertiesKeepTheOrderOfTheFile() throws IOException {
        Map<String, String> properties = PlatformConfig.OrderedProperties.load(new StringReader("""
                service.b=2
                service.a=1
                # comment
                service.c = 3
                jvm.flags=-Xa \\
                    -Xb
                """));

        assertThat(properties.keySet()).containsExactly("service.b", "service.a", "service.c", "jvm.flags");
        assertThat(properties.get("jvm.flags")).isEqualTo("-Xa -Xb");
    }

    @Test
    void theRepositoryRootIsFoundFromAModuleDirectory() throws IOException {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("crm-dev"));
        Files.createDirectories(repo.resolve("e2e/target"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");

        assertThat(PlatformConfig.repositoryRoot(repo.resolve("e2e/target"))).isEqualTo(repo.toAbsolutePath());
        assertThat(PlatformConfig.repositoryRoot(repo)).isEqualTo(repo.toAbsolutePath());
        assertThat(PlatformConfig.repositoryRoot(dir)).isEqualTo(dir.toAbsolutePath());
    }

    @Test
    void serviceSpecNamesItsJarAndTheGatewayVariable() {
        ServiceSpec spec = new ServiceSpec("customer-service", 8101);

        assertThat(spec.jar(Path.of("/repo"))).isEqualTo(Path.of("/repo/customer-service/target/customer-service.jar"));
        assertThat(spec.uriVariable()).isEqualTo("CUSTOMER_SERVICE_URI");
        assertThatThrownBy(() -> new ServiceSpec("../etc", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
