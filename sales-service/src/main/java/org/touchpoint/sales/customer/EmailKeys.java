package org.touchpoint.sales.customer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The lookup of customers by email without a query: one small document per normalised email in {@value #COLLECTION},
 * {@code {_id: <key>, customerId}}, written by {@link SalesCustomerFold} with the batch and read by {@code _id}. The key
 * is a SHA-256 of the trimmed, lower-cased email, so the lookup holds no address in the clear. A reader checks the
 * customer's current email (an entry left behind by an email change is ignored); erasure removes the entries.
 */
final class EmailKeys {

    static final String COLLECTION = "customer_emails";
    static final String CUSTOMER_ID = "customerId";

    private EmailKeys() {
    }

    /** The key of an email, or null for none. */
    static String of(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
