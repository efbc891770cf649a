package org.touchpoint.kit.ids;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Opaque, time-ordered ids: a type prefix and a ULID ({@code con_01JD5Z8Q4W3V6R7T8Y9U0I1O2P}). Sorting by id
 * sorts by creation time, which makes cursor pagination stable. Prefixes in use: {@code con} contact, {@code acc}
 * account, {@code led} lead, {@code opp} opportunity, {@code pip} pipeline, {@code act} activity, {@code tsk} task,
 * {@code cas} case, {@code vis} visit, {@code wlg} work log, {@code seg} segment, {@code cmp} campaign,
 * {@code msg} message, {@code ofr} offer, {@code reb} rebuild.
 */
public final class Ids {

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId(String prefix, Clock clock) {
        return prefix + "_" + ulid(clock.millis());
    }

    /** True when {@code id} is {@code <prefix>_<26 Crockford base-32 characters>}. */
    public static boolean isValid(String id, String prefix) {
        return id != null && id.length() == prefix.length() + 27 && id.startsWith(prefix + "_")
                && id.substring(prefix.length() + 1).chars().allMatch(c -> new String(CROCKFORD).indexOf(c) >= 0);
    }

    static String ulid(long millis) {
        char[] out = new char[26];
        long time = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (random[i] & 0xFF);
            lo = (lo << 8) | (random[i + 5] & 0xFF);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = CROCKFORD[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = CROCKFORD[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }
}
