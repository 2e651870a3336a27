package dev.modelrouter.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Counts tokens with a Hugging Face {@code tokenizer.json} whose model is byte-level BPE (GPT-2's scheme,
 * used by Llama 3, Qwen, DeepSeek, GLM and most current open models): split by the pre-tokenizer's
 * regex, map each piece's UTF-8 bytes to GPT-2's printable characters, apply the merges by rank, count.
 * Counting needs no decoding and no special tokens, so this is the whole of it; Java has no maintained
 * pure-Java reader (DJL's wraps native Rust code).
 */
final class ByteLevelBpe implements HfTokenizer {

    /** GPT-2's split, which a ByteLevel pre-tokenizer with use_regex applies. */
    private static final String GPT2_SPLIT =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private static final char[] BYTE_CHARS = byteChars();

    private final List<Pattern> splits;
    private final Map<String, Integer> ranks;
    private final Map<String, Integer> vocab;
    private final boolean ignoreMerges;
    private final PieceCounts pieces = new PieceCounts(this::countPiece);

    private ByteLevelBpe(
            List<Pattern> splits, Map<String, Integer> ranks, Map<String, Integer> vocab, boolean ignoreMerges) {
        this.splits = splits;
        this.ranks = ranks;
        this.vocab = vocab;
        this.ignoreMerges = ignoreMerges;
    }

    /** Whether {@code root}'s pre-tokenizer ends in a ByteLevel step, which makes it this reader's. */
    static boolean accepts(JsonNode root) {
        return collectSplits(root.path("pre_tokenizer"), new ArrayList<>());
    }

    /** Reads a BPE model whose pre-tokenizer is byte-level (see {@link #accepts}). */
    static ByteLevelBpe of(JsonNode root) {
        JsonNode model = root.path("model");
        List<Pattern> splits = new ArrayList<>();
        collectSplits(root.path("pre_tokenizer"), splits);
        Map<String, Integer> vocab = new HashMap<>();
        model.path("vocab")
                .properties()
                .forEach(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        return new ByteLevelBpe(
                splits,
                ranks(model.path("merges")),
                vocab,
                model.path("ignore_merges").asBoolean(false));
    }

    /** The merges by rank, keyed "a b". */
    static Map<String, Integer> ranks(JsonNode merges) {
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < merges.size(); i++) {
            JsonNode m = merges.get(i);
            // older files write "a b", newer ones ["a", "b"]
            String pair = m.isArray() ? m.get(0).asString() + " " + m.get(1).asString() : m.asString();
            ranks.putIfAbsent(pair, i);
        }
        return ranks;
    }

    /** Whether {@code node} ends in a ByteLevel step; adds the regexes it splits by, in order. */
    private static boolean collectSplits(JsonNode node, List<Pattern> splits) {
        String type = node.path("type").asString("");
        if (type.equals("Sequence")) {
            boolean byteLevel = false;
            for (JsonNode step : node.path("pretokenizers")) {
                byteLevel |= collectSplits(step, splits);
            }
            return byteLevel;
        }
        if (type.equals("Split") && node.path("pattern").has("Regex")) {
            splits.add(Pattern.compile(node.path("pattern").path("Regex").asString(), Pattern.UNICODE_CHARACTER_CLASS));
            return false;
        }
        if (type.equals("ByteLevel")) {
            if (node.path("use_regex").asBoolean(true)) {
                splits.add(Pattern.compile(GPT2_SPLIT, Pattern.UNICODE_CHARACTER_CLASS));
            }
            return true;
        }
        return false;
    }

    @Override
    public synchronized int count(String text) {
        List<String> parts = List.of(text);
        for (Pattern split : splits) {
            List<String> next = new ArrayList<>();
            parts.forEach(p -> isolate(split, p, next));
            parts = next;
        }
        return pieces.count(parts);
    }

    /** HF's "Isolated" behaviour: each match is a piece, and so is each stretch between matches. */
    private static void isolate(Pattern split, String text, List<String> out) {
        Matcher m = split.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                out.add(text.substring(last, m.start()));
            }
            if (m.end() > m.start()) {
                out.add(m.group());
            }
            last = m.end();
        }
        if (last < text.length()) {
            out.add(text.substring(last));
        }
    }

    private int countPiece(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        StringBuilder mapped = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            mapped.append(BYTE_CHARS[b & 0xff]);
        }
        String word = mapped.toString();
        if (ignoreMerges && vocab.containsKey(word)) {
            return 1;
        }
        List<String> symbols = new ArrayList<>(word.length());
        word.codePoints().forEach(c -> symbols.add(new String(Character.toChars(c))));
        while (symbols.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = ranks.get(symbols.get(i) + " " + symbols.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            symbols.set(best, symbols.get(best) + symbols.remove(best + 1));
        }
        return symbols.size();
    }

    /** GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest for code points from 256 up. */
    private static char[] byteChars() {
        char[] chars = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE && b <= 0xFF;
            chars[b] = printable ? (char) b : (char) next++;
        }
        return chars;
    }
}
