package dev.modelrouter.routing;

import dev.modelrouter.config.JsonTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * A Hugging Face {@code tokenizer.json} read for counting: no decoding, no special tokens. The families the
 * router knows are closed; {@link #read} picks one by the model type and the pre-tokenizer.
 */
sealed interface HfTokenizer permits ByteLevelBpe, SentencePieceBpe, Unigram {

    /** What {@link #read} accepts, for messages that refuse a file. */
    String SUPPORTED = "byte-level BPE (GPT-2 style: Llama 3, Qwen, DeepSeek), SentencePiece-style BPE with a"
            + " Metaspace pre-tokenizer or a ▁ normalizer (Llama 2, Mistral, Gemma, Yi) and Unigram (T5 style)";

    /** The token count of {@code text}. */
    int count(String text);

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException naming the file, what in it is unsupported and what is supported
     */
    static HfTokenizer read(Path file) throws IOException {
        JsonNode root = JsonTrees.read(JsonTrees.JSON, Files.readString(file));
        JsonNode model = root.path("model");
        String type = model.path("type").asString(model.path("vocab").isObject() ? "BPE" : "?");
        try {
            if (type.equals("BPE") && model.path("vocab").isObject()) {
                return ByteLevelBpe.accepts(root) ? ByteLevelBpe.of(root) : SentencePieceBpe.of(root);
            }
            if (type.equals("Unigram")) {
                return Unigram.of(root);
            }
            throw new IllegalArgumentException("model type " + type + " is not supported");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage() + "; the router reads " + SUPPORTED, e);
        }
    }
}
