package org.touchpoint.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code KEY=value} file that a shell can {@code source}: {@code .crm/secrets.env}, {@code .crm/dev.env}.
 * Written atomically, readable by the owner only (mode 600).
 */
final class EnvFile {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private EnvFile() {
    }

    static Map<String, String> read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                int eq = trimmed.indexOf('=');
                if (trimmed.isEmpty() || trimmed.startsWith("#") || eq <= 0) {
                    continue;
                }
                String key = trimmed.substring(0, eq).strip();
                if (key.startsWith("export ")) {
                    key = key.substring("export ".length()).strip();
                }
                values.put(key, unquote(trimmed.substring(eq + 1).strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** Plain words (URLs, base64url tokens) are written as they are, anything else in single quotes. */
    static void write(Path file, List<String> headerComments, Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        headerComments.forEach(line -> text.append("# ").append(line).append('\n'));
        values.forEach((key, value) -> {
            if (value.indexOf('\n') >= 0 || value.indexOf('\'') >= 0) {
                throw new IllegalArgumentException("Value of " + key + " cannot be written to " + file);
            }
            String word = value.matches("[A-Za-z0-9_\\-.:/?=%+@,]*") ? value : "'" + value + "'";
            text.append(key).append('=').append(word).append('\n');
        });
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = posix()
                    ? Files.createTempFile(dir, file.getFileName().toString(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temp, text);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Restricts an existing file to its owner; returns true when its permissions had to be tightened. */
    static boolean restrictToOwner(Path file) {
        if (!posix() || !Files.exists(file)) {
            return false;
        }
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restrict permissions of " + file, e);
        }
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
