package org.touchpoint.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;

/**
 * The real child processes: a Kafka broker and mongo-java-server started from this class path on random ports in
 * a temporary state directory, plus two JDK-only fakes packed as {@code <module>/target/<module>.jar} standing in
 * for a service and the gateway (the real jars are built by other modules).
 */
class PlatformProcessesTest {

    private static final String TOPIC = "crm-dev.smoke";

    @TempDir
    Path root;

    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void packFakeJars() throws Exception {
        fakeJar(root.resolve("fake-service/target/fake-service.jar"), FakeService.class);
        fakeJar(root.resolve("gateway/target/gateway.jar"), FakeGateway.class);
    }

    private PlatformConfig.Builder config(Path state) {
        return PlatformConfig.builder()
                .rootDir(root)
                .stateDir(state)
                .randomPorts()
                .services()
                .service("fake-service", 0)
                .childClasspath(Platform.currentClasspath())
                .jvmFlags(PlatformConfig.SERVICES, "-Xmx32m")
                .startTimeout(Duration.ofSeconds(60))
                .stopTimeout(Duration.ofSeconds(15))
                .progress(line -> {
                    progress.add(line);
                    System.out.println(line);
                });
    }

    @Test
    void runsKafkaMongoServicesAndGatewayKeepsDataAcrossRestartsAndLeavesNoProcessBehind() throws Exception {
        Path state = root.resolve(".crm");
        List<Long> firstPids;
        String firstKey;

        try (Platform platform = new Platform(config(state).build())) {
            PlatformEndpoints endpoints = platform.start();

            assertThat(recordedNames(state)).containsExactlyInAnyOrder("kafka", "mongo", "mail", "fake-service", "gateway");
            firstPids = recordedPids(state);

            produceAndConsume(endpoints.kafkaBootstrapServers());
            mailIsDeliveredToTheRecipientsMailbox(endpoints);
            try (MongoClient mongo = MongoClients.create(endpoints.mongoUri())) {
                mongo.getDatabase("crm_dev_test").getCollection("accounts")
                        .insertOne(new Document("_id", "acc-1").append("name", "Distribuidora Andina de Alimentos"));
            }

            String serviceEnv = get(endpoints.service("fake-service").resolve("/env"));
            assertThat(serviceEnv)
                    .contains("MONGODB_URI=" + endpoints.mongoUri())
                    .contains("KAFKA_BOOTSTRAP_SERVERS=" + endpoints.kafkaBootstrapServers())
                    .contains("SERVER_PORT=" + endpoints.service("fake-service").getPort())
                    .contains("MAIL_PORT=" + endpoints.mailSmtpPort())
                    .contains("CRM_INTERNAL_TOKEN_SECRET.length=64")
                    .contains("CRM_GATEWAY_ADMIN_KEY.present=false");
            assertThat(get(endpoints.gatewayUrl().resolve("/env")))
                    .contains("FAKE_SERVICE_URI=" + endpoints.service("fake-service"))
                    .contains("CRM_GATEWAY_ADMIN_KEY.present=true");

            firstKey = endpoints.apiKey();
            assertThat(firstKey).startsWith("tp_dev_");
            Path devEnv = state.resolve("dev.env");
            assertThat(EnvFile.read(devEnv))
                    .containsEntry("CRM_GATEWAY_URL", endpoints.gatewayUrl().toString())
                    .containsEntry("CRM_API_KEY", firstKey);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(devEnv))).isEqualTo("rw-------");

            // Kafka stopped and started again: same port, same data, the others untouched.
            platform.stopKafka();
            assertThat(platform.isRunning("kafka")).isFalse();
            assertThat(recordedNames(state)).containsExactlyInAnyOrder("mongo", "mail", "fake-service", "gateway");
            platform.startKafka();
            assertThat(platform.isRunning("kafka")).isTrue();
            assertThat(consumeFromTheBeginning(endpoints.kafkaBootstrapServers()))
                    .as("the record produced before the broker restart").containsExactly("customer-1=hola");

            // One service stopped and started again on the same port.
            URI readiness = endpoints.service("fake-service").resolve("/actuator/health/readiness");
            platform.stopService("fake-service");
            assertThat(Probes.http(Probes.httpClient(), readiness)).isFalse();
            assertThatThrownBy(() -> platform.stopService("fake-service")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> platform.stopService("sales-service")).isInstanceOf(IllegalArgumentException.class);
            platform.startService("fake-service");
            assertThat(get(endpoints.service("fake-service").resolve("/env")))
                    .contains("SERVER_PORT=" + endpoints.service("fake-service").getPort());
            assertThat(progress).noneMatch(line -> line.contains("exited unexpectedly"));
            firstPids = new ArrayList<>(firstPids);
            firstPids.addAll(recordedPids(state));
        }

        assertNoneAlive(firstPids, state);
        assertThat(recordedNames(state)).isEmpty();

        // Same state directory, new random ports: the Kafka storage and the Mongo file are reused.
        try (Platform platform = new Platform(config(state).build())) {
            PlatformEndpoints endpoints = platform.start();
            List<Long> secondPids = recordedPids(state);

            try (MongoClient mongo = MongoClients.create(endpoints.mongoUri())) {
                Document account = mongo.getDatabase("crm_dev_test").getCollection("accounts").find(Filters.eq("_id", "acc-1")).first();
                assertThat(account).isNotNull();
                assertThat(account.getString("name")).isEqualTo("Distribuidora Andina de Alimentos");
            }
            assertThat(consumeFromTheBeginning(endpoints.kafkaBootstrapServers()))
                    .as("the record produced before the restart").containsExactly("customer-1=hola");
            assertThat(endpoints.apiKey()).as("the stored dev key is reused").isEqualTo(firstKey);
            assertThat(progress.stream().filter(line -> line.contains("Kafka storage formatted"))).hasSize(1);

            // As after ./crm up --detach (or a launcher killed with SIGKILL): the children outlive the platform object...
            platform.detach();
            assertThat(secondPids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true));

            // ...until ./crm down stops them through the PID files.
            assertThat(Platform.stopRecorded(state, Duration.ofSeconds(15), progress::add)).isEqualTo(5);
            assertNoneAlive(secondPids, state);
            assertThat(recordedNames(state)).isEmpty();
        }
    }

    @Test
    void reportsAServiceThatDiesBeforeItIsReadyAndStopsTheRest() throws Exception {
        Path jar = root.resolve("broken-service/target/broken-service.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not a jar");
        Path state = root.resolve("state");
        Platform platform = new Platform(config(state).services().service("broken-service", 0).withoutGateway().build());

        assertThatThrownBy(platform::start)
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("broken-service exited with code 1 before it was ready")
                .hasMessageContaining("Invalid or corrupt jarfile");

        assertThat(recordedNames(state)).isEmpty();
        assertThat(ourDescendants(state)).isEmpty();
    }

    @Test
    void refusesAPortHeldByAnotherProcessNamingIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path state = root.resolve("state");
            Platform platform = new Platform(config(state).mongoPort(port).build());

            assertThatThrownBy(platform::start)
                    .isInstanceOf(PlatformException.class)
                    .hasMessageContaining("Port " + port + " (mongo) is already in use by pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("mongo.port=");
            assertThat(recordedNames(state)).isEmpty();
        }
    }

    @Test
    void refusesAMissingServiceJarWithTheBuildCommand() {
        Platform platform = new Platform(config(root.resolve("state")).service("sales-service", 0).build());

        assertThatThrownBy(platform::start)
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("sales-service/target/sales-service.jar")
                .hasMessageContaining("./mvnw -q -DskipTests package -pl sales-service -am");
    }

    // ------------------------------------------------------------------------------------------------

    private static void mailIsDeliveredToTheRecipientsMailbox(PlatformEndpoints endpoints) throws Exception {
        String to = "marta.quiroga@tintasdelsur.example";
        com.icegreen.greenmail.util.GreenMailUtil.sendTextEmail(to, "promociones@touchpoint.example", "Cartuchos compatibles",
                "Hola Marta", new com.icegreen.greenmail.util.ServerSetup(endpoints.mailSmtpPort(), "127.0.0.1", "smtp"));
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(new java.util.Properties());
        try (jakarta.mail.Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", endpoints.mailImapPort(), to, to);
            jakarta.mail.Folder inbox = store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            assertThat(inbox.getMessage(1).getSubject()).isEqualTo("Cartuchos compatibles");
            inbox.close(false);
        }
    }

    private static void produceAndConsume(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(TOPIC, "customer-1", "hola")).get(30, TimeUnit.SECONDS);
        }
        assertThat(consumeFromTheBeginning(bootstrap)).containsExactly("customer-1=hola");
    }

    private static List<String> consumeFromTheBeginning(String bootstrap) {
        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.key() + "=" + record.value());
                }
                return !received.isEmpty();
            });
        }
        return received;
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> response = Probes.httpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static List<String> recordedNames(Path state) {
        return new RunDir(state.resolve("run")).records().stream().map(RunDir.PidRecord::name).toList();
    }

    private static List<Long> recordedPids(Path state) {
        return new RunDir(state.resolve("run")).records().stream().map(RunDir.PidRecord::pid).toList();
    }

    private static void assertNoneAlive(List<Long> pids, Path state) {
        assertThat(pids).isNotEmpty().allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d", pid).isEmpty());
        assertThat(ourDescendants(state)).isEmpty();
    }

    /** Live processes started by this JVM for this state directory. */
    private static List<ProcessHandle> ourDescendants(Path state) {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(handle -> RunDir.commandLine(handle).orElse("").contains(RunDir.MARKER_PROPERTY + "=" + state))
                .toList();
    }

    /** A runnable jar with the given JDK-only main class and its companions (FakeService, FakeGateway). */
    private static void fakeJar(Path jar, Class<?> mainClass) throws Exception {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        Path classes = Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> files = Files.list(classes.resolve("org/touchpoint/dev"))) {
            for (Path classFile : files.filter(f -> f.getFileName().toString().matches("Fake(Service|Gateway).*\\.class")).toList()) {
                out.putNextEntry(new ZipEntry(classes.relativize(classFile).toString()));
                out.write(Files.readAllBytes(classFile));
                out.closeEntry();
            }
        }
    }
}
