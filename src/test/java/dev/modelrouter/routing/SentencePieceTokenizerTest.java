package dev.modelrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.config.JsonTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * SentencePiece-derived tokenizer.json files (BPE with byte fallback, Unigram) count exactly as Hugging
 * Face's Rust {@code tokenizers} crate does: the goldens were written by scripts/tokenizer-goldens.mjs with
 * that crate's npm binding, over the synthetic fixtures beside them.
 */
class SentencePieceTokenizerTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/tokenizer");

    @TempDir
    Path tmp;

    static List<Arguments> goldens() throws IOException {
        JsonNode root = JsonTrees.read(JsonTrees.JSON, Files.readString(DIR.resolve("sentencepiece-goldens.json")));
        List<Arguments> cases = new ArrayList<>();
        root.path("tokenizers").properties().forEach(e -> {
            for (JsonNode c : e.getValue()) {
                cases.add(Arguments.of(
                        e.getKey(), c.path("text").asString(), c.path("count").asInt()));
            }
        });
        return cases;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("goldens")
    void countsAsTheRustTokenizersCrateDoes(String tokenizer, String text, int expected) throws IOException {
        HfTokenizer reader = HfTokenizer.read(DIR.resolve(tokenizer + ".tokenizer.json"));

        assertThat(reader.count(text)).isEqualTo(expected);
        assertThat(reader.count(text)).as("again, from the piece cache").isEqualTo(expected);
    }

    @Test
    void goldensCoverEveryFamilyAndEveryKindOfText() throws IOException {
        List<Arguments> cases = goldens();

        assertThat(cases)
                .extracting(a -> a.get()[0])
                .contains(
                        "llama2-bpe",
                        "metaspace-first-bpe",
                        "metaspace-always-split-bpe",
                        "gemma-bpe",
                        "unk-bpe",
                        "unigram",
                        "unigram-bytes");
        assertThat(cases)
                .extracting(a -> (String) a.get()[1])
                .contains("日本語のテキスト", "emoji 😀 and 👍🏽 and 🇯🇵", "     ", "Café naïve résumé Zürich");
    }

    @Test
    void picksTheReaderByModelTypeAndPreTokenizer() throws IOException {
        assertThat(HfTokenizer.read(DIR.resolve("tiny-bpe.tokenizer.json"))).isInstanceOf(ByteLevelBpe.class);
        assertThat(HfTokenizer.read(DIR.resolve("llama2-bpe.tokenizer.json"))).isInstanceOf(SentencePieceBpe.class);
        assertThat(HfTokenizer.read(DIR.resolve("metaspace-first-bpe.tokenizer.json")))
                .isInstanceOf(SentencePieceBpe.class);
        assertThat(HfTokenizer.read(DIR.resolve("unigram.tokenizer.json"))).isInstanceOf(Unigram.class);
    }

    @Test
    void refusesWordPieceNamingTheFileAndWhatIsSupported() throws IOException {
        Path file = tmp.resolve("bert.tokenizer.json");
        Files.writeString(file, """
                {"normalizer": {"type": "BertNormalizer"}, "pre_tokenizer": {"type": "BertPreTokenizer"},
                 "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "a": 1}}}
                """);

        assertThatThrownBy(() -> HfTokenizer.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ": model type WordPiece is not supported; the router reads ")
                .hasMessageContaining("byte-level BPE")
                .hasMessageContaining("Unigram");
    }

    @Test
    void refusesABpeWhosePreTokenizerIsNeitherByteLevelNorMetaspace() throws IOException {
        Path file = tmp.resolve("whitespace.tokenizer.json");
        Files.writeString(file, """
                {"pre_tokenizer": {"type": "Whitespace"},
                 "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}
                """);

        assertThatThrownBy(() -> HfTokenizer.read(file))
                .hasMessageStartingWith(file + ": pre-tokenizer Whitespace is not Metaspace; the router reads ");
    }

    @Test
    void countsAWholeUnsplitMessageInOnePieceWithoutRescanning() throws IOException {
        HfTokenizer llama = HfTokenizer.read(DIR.resolve("llama2-bpe.tokenizer.json"));
        String sentence = "The router counts tokens before it routes a request. ";
        int one = llama.count(sentence.strip());

        // 200 KB in one piece: quadratic merging would take minutes
        String text = (sentence.repeat(4000)).strip();
        assertThat(llama.count(text)).isBetween(4000 * (one - 2), 4000 * (one + 2));
    }
}
