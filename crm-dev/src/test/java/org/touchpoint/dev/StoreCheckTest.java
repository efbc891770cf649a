package org.touchpoint.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCheckTest {

    private static final long GB = 1024L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void smallDataOnARoomyDiskStarts() {
        StoreCheck check = StoreCheck.of(2 * GB, 100 * GB, 12 * GB, 2 * GB);

        assertThat(check.verdict()).isEqualTo(StoreCheck.Verdict.OK);
    }

    @Test
    void dataPastTheCeilingIsRefusedNamingTheSizesTheDeploymentDocAndTheWayOut() {
        StoreCheck check = StoreCheck.of(13 * GB, 100 * GB, 12 * GB, 2 * GB);

        assertThat(check.verdict()).isEqualTo(StoreCheck.Verdict.REFUSE);
        assertThat(check.message()).contains("13.0 GB", "12.0 GB", "docs/deploy.md", "mongo.store.max-gb", ".crm/data");
    }

    @Test
    void tooLittleFreeDiskIsRefusedEvenForSmallData() {
        StoreCheck check = StoreCheck.of(GB / 10, GB, 12 * GB, 2 * GB);

        assertThat(check.verdict()).isEqualTo(StoreCheck.Verdict.REFUSE);
        assertThat(check.message()).contains("1.0 GB free", "at least 2.0 GB", "mongo.store.min-free-gb");
    }

    @Test
    void dataNearTheCeilingWarns() {
        StoreCheck check = StoreCheck.of(10 * GB, 100 * GB, 12 * GB, 2 * GB);

        assertThat(check.verdict()).isEqualTo(StoreCheck.Verdict.WARN);
        assertThat(check.message()).contains("close to", "docs/deploy.md");
    }

    @Test
    void aDiskThatCannotHoldTheDataUpToTheCeilingWarnsHowMuchRoomIsLeft() {
        StoreCheck check = StoreCheck.of(GB, 5 * GB, 12 * GB, 2 * GB);

        assertThat(check.verdict()).isEqualTo(StoreCheck.Verdict.WARN);
        assertThat(check.message()).contains("5.0 GB free", "about 3.0 GB more");
    }

    @Test
    void measuresTheFilesOfTheDataDirectoryAndAcceptsOneThatDoesNotExistYet() throws IOException {
        Path data = dir.resolve("data");
        assertThat(StoreCheck.sizeOf(data)).isZero();
        assertThat(StoreCheck.usableSpace(data.resolve("deeper"))).isPositive();

        Files.createDirectories(data);
        Files.write(data.resolve("mongo.mv"), new byte[3000]);
        Files.write(data.resolve("other"), new byte[1000]);

        assertThat(StoreCheck.sizeOf(data)).isEqualTo(4000);
        assertThat(StoreCheck.of(data, 0.001, 0).verdict()).isEqualTo(StoreCheck.Verdict.OK);
    }
}
