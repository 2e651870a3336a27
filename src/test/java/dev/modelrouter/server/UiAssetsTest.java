package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The UI's files as the jar serves them: small, and none fetched from anywhere but the daemon. */
class UiAssetsTest {

    static final Path UI = Path.of("src", "main", "resources", "ui");

    static List<Path> assets() throws IOException {
        try (var files = Files.list(UI)) {
            return files.sorted().toList();
        }
    }

    @Test
    void allAssetsTogetherStayUnder250KilobytesGzipped() throws IOException {
        long total = 0;
        for (Path asset : assets()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(Files.readAllBytes(asset));
            }
            total += out.size();
        }
        assertThat(total).isPositive().isLessThanOrEqualTo(250 * 1024);
    }

    @Test
    void noAssetNamesAnotherOrigin() throws IOException {
        for (Path asset : assets()) {
            assertThat(Files.readString(asset))
                    .as(asset.toString())
                    .doesNotContainPattern("(?i)(src|href)=[\"']?(https?:)?//")
                    .doesNotContainPattern("(?i)import[^;\\n]*['\"](https?:)?//")
                    .doesNotContainPattern("(?i)url\\((['\"])?(https?:)?//");
        }
    }
}
