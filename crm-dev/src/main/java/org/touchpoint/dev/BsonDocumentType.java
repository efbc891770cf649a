package org.touchpoint.dev;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * How the embedded store keeps a document on disk: as BSON, the bytes it arrived in over the wire, instead of
 * the Java serialization that the H2 backend's default {@link ObjectDataType} uses (class descriptors in every
 * value, two to three times the BSON size, and slow to read back).
 *
 * <p>Each value is tagged. Values written before (Java serialization, tags 0..119 of {@link ObjectDataType}) are
 * still read, so an existing data file opens unchanged and is converted page by page as pages are rewritten;
 * a value that the BSON encoder cannot represent is written the old way rather than failing the store.
 *
 * <p>{@link #getMemory} estimates the heap the decoded document takes (maps, entries, strings), not its size
 * on disk: MVStore bounds its page cache and its unsaved changes by these estimates, so an estimate that is too
 * low is what ran the 128 MB mongo process out of memory.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    static final BsonDocumentType INSTANCE = new BsonDocumentType();

    /** Marks a BSON value; outside the tags {@link ObjectDataType} writes (0..119). */
    static final byte TAG = 126;

    private final ObjectDataType legacy = new ObjectDataType();

    private BsonDocumentType() {
    }

    @Override
    public int getMemory(Document document) {
        return (int) Math.min(Integer.MAX_VALUE, heapEstimate(document));
    }

    @Override
    public void write(WriteBuffer buff, Document document) {
        ByteBuf bson = Unpooled.buffer(512);
        try {
            BsonEncoder.encodeDocument(document, bson);
        } catch (RuntimeException notBson) {
            legacy.write(buff, document);
            return;
        }
        int length = bson.readableBytes();
        buff.put(TAG).putVarInt(length).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
    }

    @Override
    public Document read(ByteBuffer buff) {
        if (buff.get(buff.position()) != TAG) {
            return (Document) legacy.read(buff);
        }
        buff.get();
        int length = DataUtils.readVarInt(buff);
        int start = buff.position();
        Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(buff.slice(start, length)));
        buff.position(start + length);
        return document;
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }

    @Override
    public int compare(Document a, Document b) {
        if (a == b) {
            return 0;
        }
        ByteBuf left = Unpooled.buffer();
        ByteBuf right = Unpooled.buffer();
        BsonEncoder.encodeDocument(a, left);
        BsonEncoder.encodeDocument(b, right);
        return left.compareTo(right);
    }

    /**
     * Bytes of heap a decoded document takes on a 64-bit JVM with compressed references: the document and its
     * LinkedHashMap, one entry per field, the field name and the value. Rough by design: it must be in
     * proportion, not exact.
     */
    static long heapEstimate(Object value) {
        if (value == null || value instanceof Boolean) {
            return 0;
        }
        if (value instanceof String text) {
            return 40 + text.length();
        }
        if (value instanceof Integer) {
            return 16;
        }
        if (value instanceof Number || value instanceof java.time.Instant) {
            return 24;
        }
        if (value instanceof Map<?, ?> map) {
            long size = 16 + 56 + 16 + 4L * Integer.highestOneBit(Math.max(1, map.size() * 4 / 3) * 2);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += 40 + heapEstimate(entry.getKey()) + heapEstimate(entry.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> list) {
            long size = 24 + 16 + 4L * list.size();
            for (Object element : list) {
                size += heapEstimate(element);
            }
            return size;
        }
        return 32;
    }
}
