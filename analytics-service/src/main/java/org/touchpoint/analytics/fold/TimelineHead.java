package org.touchpoint.analytics.fold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bson.Document;
import org.touchpoint.kit.folding.FoldContext;
import org.touchpoint.kit.folding.FoldedView;

/**
 * A customer's timeline: the newest {@value #HEAD_MAX} entries in this document (so the first page is one read by
 * {@code _id}), the older ones in archive buckets of about {@value #SPILL} entries ({@code <customerId>#<n>} in the
 * archive collection), each listed here with its key range. A touch newer than every archived one goes to the head;
 * when the head overflows, its oldest {@value #SPILL} entries become a new bucket. A late touch older than the newest
 * archived one goes into the bucket whose range holds it. Buckets are written with the batch (FoldContext.put), as a
 * pure function of this document and the touch, so a redelivered batch writes them again identically.
 */
public class TimelineHead extends FoldedView {

    static final int HEAD_MAX = 100;
    static final int SPILL = 50;

    List<TimelineEntry> entries = new ArrayList<>();
    List<Bucket> archives = new ArrayList<>();
    int nextBucket;
    long total;

    TimelineHead() {
    }

    TimelineHead(String id) {
        super(id);
    }

    public List<TimelineEntry> entries() {
        return entries;
    }

    public List<Bucket> archives() {
        return archives;
    }

    public long total() {
        return total;
    }

    /** An archive bucket: its number and the range of sort keys it holds. */
    public static class Bucket {
        public int n;
        public String newest;
        public String oldest;
        public int count;

        Bucket() {
        }

        Bucket(int n, List<TimelineEntry> entries) {
            this.n = n;
            describe(entries);
        }

        void describe(List<TimelineEntry> entries) {
            this.newest = entries.getFirst().sortKey();
            this.oldest = entries.getLast().sortKey();
            this.count = entries.size();
        }
    }

    static String bucketId(String customerId, int n) {
        return customerId + "#" + n;
    }

    void add(TimelineEntry e, String archiveCollection, FoldContext context) {
        total++;
        if (archives.isEmpty() || e.sortKey().compareTo(archives.getFirst().newest) > 0) {
            insertSorted(entries, e);
            if (entries.size() > HEAD_MAX) {
                List<TimelineEntry> spilled = new ArrayList<>(entries.subList(entries.size() - SPILL, entries.size()));
                entries = new ArrayList<>(entries.subList(0, entries.size() - SPILL));
                Bucket b = new Bucket(nextBucket++, spilled);
                archives.addFirst(b);
                context.put(archiveCollection, bucketId(id, b.n), bucket(spilled));
            }
            return;
        }
        // Older than the newest archived entry: into the newest bucket whose oldest entry is not newer than it, else the last.
        Bucket target = archives.getLast();
        for (Bucket b : archives) {
            if (b.oldest.compareTo(e.sortKey()) <= 0) {
                target = b;
                break;
            }
        }
        List<TimelineEntry> held = new ArrayList<>(read(archiveCollection, target.n, context));
        insertSorted(held, e);
        target.describe(held);
        context.put(archiveCollection, bucketId(id, target.n), bucket(held));
    }

    /** The entries of one archive bucket, newest first. */
    public static List<TimelineEntry> entriesOf(Document bucket) {
        List<TimelineEntry> out = new ArrayList<>();
        if (bucket != null) {
            for (Document d : bucket.getList("entries", Document.class, List.of())) {
                out.add(TimelineEntry.of(d));
            }
        }
        return out;
    }

    private List<TimelineEntry> read(String archiveCollection, int n, FoldContext context) {
        return entriesOf(context.read(archiveCollection, bucketId(id, n)).orElse(null));
    }

    private static Document bucket(List<TimelineEntry> entries) {
        return new Document("entries", entries.stream().map(TimelineEntry::toBson).toList());
    }

    private static void insertSorted(List<TimelineEntry> list, TimelineEntry e) {
        list.add(e);
        list.sort(Comparator.comparing(TimelineEntry::sortKey).reversed());
    }

    /** Empties every archive bucket (the customer was erased): written with the batch, like any bucket. */
    void eraseArchives(String archiveCollection, FoldContext context) {
        for (Bucket b : archives) {
            context.put(archiveCollection, bucketId(id, b.n), new Document("erased", true));
        }
    }
}
