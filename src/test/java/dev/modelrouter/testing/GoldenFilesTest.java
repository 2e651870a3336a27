package dev.modelrouter.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.protocol.WireJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A golden-file run with {@code -Dgolden.update=true} rewrites the files and can never pass. */
class GoldenFilesTest {

    @TempDir
    Path sources;

    @Test
    void aRewritingRunWritesTheActualTextAndFails() throws IOException {
        GoldenFiles golden = new GoldenFiles("fixtures/golden/", sources, true);

        assertThatThrownBy(() -> golden.assertText("a.sse", "data: x\n\n"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a.sse rewritten")
                .hasMessageContaining("rerun without -Dgolden.update");
        assertThat(Files.readString(sources.resolve("fixtures/golden/a.sse"))).isEqualTo("data: x\n\n");
    }

    @Test
    void aRewritingRunWritesTheActualJsonAndFails() throws IOException {
        GoldenFiles golden = new GoldenFiles("fixtures/golden/", sources, true);

        assertThatThrownBy(() -> golden.assertJson("b.json", WireJson.parse("{\"a\":1}")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("b.json rewritten");
        assertThat(WireJson.parse(Files.readString(sources.resolve("fixtures/golden/b.json"))))
                .isEqualTo(WireJson.parse("{\"a\":1}"));
    }

    @Test
    void aCheckingRunComparesWithTheFileAndWritesNothing() {
        GoldenFiles golden = new GoldenFiles("fixtures/openai/", sources, false);
        String name = "tool-calls.response.json";
        String expected = golden.read(name);

        golden.assertText(name, expected);
        assertThatThrownBy(() -> golden.assertText(name, expected + " "))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(name);
        assertThat(sources).isEmptyDirectory();
    }
}
