package org.touchpoint.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

class BsonDocumentTypeTest {

    private final BsonDocumentType type = BsonDocumentType.INSTANCE;

    @Test
    void aDocumentComesBackWithItsFieldsTypesAndOrder() {
        Document document = customer();

        Document read = roundTrip(document);

        assertThat(read).isEqualTo(document);
        assertThat(read.keySet()).containsExactlyElementsOf(document.keySet());
        assertThat(read.get("version")).isInstanceOf(Long.class);
        assertThat(read.get("score")).isInstanceOf(Integer.class);
        assertThat(read.get("updatedAt")).isEqualTo(Instant.parse("2025-03-01T10:15:30.123Z"));
    }

    @Test
    void isStoredAsBsonInLittleMoreThanHalfTheBytesOfJavaSerialization() {
        Document document = customer();
        WriteBuffer bson = new WriteBuffer();
        WriteBuffer serialized = new WriteBuffer();

        type.write(bson, document);
        new ObjectDataType().write(serialized, document);

        assertThat(bson.position()).isLessThan(serialized.position() * 6 / 10);
        assertThat(bson.getBuffer().get(0)).isEqualTo(BsonDocumentType.TAG);
    }

    @Test
    void readsValuesThatThePlainH2BackendWroteWithJavaSerialization() {
        Document document = customer();
        WriteBuffer legacy = new WriteBuffer();
        new ObjectDataType().write(legacy, document);
        ByteBuffer bytes = legacy.getBuffer().flip();

        assertThat(type.read(bytes)).isEqualTo(document);
        assertThat(bytes.hasRemaining()).isFalse();
    }

    @Test
    void valuesFollowEachOtherInOnePage() {
        WriteBuffer page = new WriteBuffer();
        type.write(page, new Document("_id", "a").append("n", 1));
        new ObjectDataType().write(page, new Document("_id", "b").append("n", 2)); // an old value on the same page
        type.write(page, new Document("_id", "c").append("n", 3));
        ByteBuffer bytes = page.getBuffer().flip();

        assertThat(List.of(type.read(bytes), type.read(bytes), type.read(bytes)))
                .extracting(d -> d.get("_id")).containsExactly("a", "b", "c");
    }

    @Test
    void aValueThatBsonCannotHoldIsWrittenTheOldWayInsteadOfFailingTheStore() {
        Document odd = new Document("_id", "x").append("missing", Missing.getInstance());

        Document read = roundTrip(odd);

        assertThat(read.get("missing")).isInstanceOf(Missing.class);
    }

    @Test
    void heapEstimateGrowsWithTheDocumentAndExceedsItsBsonSize() {
        Document small = new Document("_id", "a").append("name", "Ana");
        Document large = customer();
        WriteBuffer bson = new WriteBuffer();
        type.write(bson, large);

        assertThat(type.getMemory(large)).isGreaterThan(type.getMemory(small)).isGreaterThan(2 * bson.position());
    }

    private Document roundTrip(Document document) {
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, document);
        return type.read(buffer.getBuffer().flip());
    }

    private static Document customer() {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(new UUID(i, i * 31L).toString());
        }
        return new Document("_id", "con_01JD5Z8Q4W3V6R7T8Y9U0I1O2P").append("version", 7L).append("erased", false)
                .append("profile", new Document("firstName", "José").append("lastName", "Núñez").append("tags", List.of("vip", "es")))
                .append("score", 42).append("ratio", 0.75).append("updatedAt", Instant.parse("2025-03-01T10:15:30.123Z"))
                .append("owner", new ObjectId()).append("nothing", null)
                .append("cases", List.of(new Document("caseId", "cas_1").append("open", true), new Document("caseId", "cas_2")))
                .append("appliedEvents", events);
    }
}
