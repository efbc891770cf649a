package org.touchpoint.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoServerMainTest {

    @TempDir
    Path dir;

    @Test
    void compactModeSaysWhatItDidOnItsLastLineAndExits() throws Exception {
        Path file = dir.resolve("data").resolve("mongo.mv");

        assertThat(lastLine("--compact", file.toString())).startsWith("no compaction needed: " + file);

        System.setProperty("crm.mongo.compactAboveMb", "0");
        System.setProperty("crm.mongo.compactBelowPercent", "101");
        try {
            assertThat(lastLine("--compact", file.toString())).startsWith("compacted " + file);
        } finally {
            System.clearProperty("crm.mongo.compactAboveMb");
            System.clearProperty("crm.mongo.compactBelowPercent");
        }
    }

    private static String lastLine(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            MongoServerMain.main(args);
        } finally {
            System.setOut(original);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return lines[lines.length - 1];
    }
}
