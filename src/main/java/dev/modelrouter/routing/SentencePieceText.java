package dev.modelrouter.routing;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The text steps in front of a SentencePiece-derived model: the normalizer ({@code Prepend("▁")} +
 * {@code Replace(" ", "▁")} in Llama 2 and Mistral, {@code Replace} alone in Gemma, {@code Precompiled} in
 * T5) and the {@code Metaspace} pre-tokenizer, turning a text into the pieces the model segments. Follows
 * the Rust {@code tokenizers} crate, whose behaviour the golden counts were taken from.
 */
final class SentencePieceText {

    private final List<UnaryOperator<String>> normalizers;
    private final @Nullable Metaspace metaspace;

    /** {@code Metaspace}: spaces become {@code replacement}, which optionally starts the text and splits it. */
    private record Metaspace(String replacement, boolean prepend, boolean split) {}

    private SentencePieceText(List<UnaryOperator<String>> normalizers, @Nullable Metaspace metaspace) {
        this.normalizers = normalizers;
        this.metaspace = metaspace;
    }

    /**
     * The steps {@code root} (a whole tokenizer.json) declares.
     *
     * @throws IllegalArgumentException naming the first step this reader does not know
     */
    static SentencePieceText of(JsonNode root) {
        List<UnaryOperator<String>> normalizers = new ArrayList<>();
        collectNormalizers(root.path("normalizer"), normalizers);
        return new SentencePieceText(List.copyOf(normalizers), metaspace(root.path("pre_tokenizer")));
    }

    /** The pieces of {@code text}, each segmented by the model on its own. */
    List<String> pieces(String text) {
        String normalized = text;
        for (UnaryOperator<String> step : normalizers) {
            normalized = step.apply(normalized);
        }
        if (metaspace == null || normalized.isEmpty()) {
            return normalized.isEmpty() ? List.of() : List.of(normalized);
        }
        String replaced = normalized.replace(" ", metaspace.replacement());
        // "first" prepends only to the split at offset 0, which without added tokens is the whole text
        if (metaspace.prepend() && !replaced.startsWith(metaspace.replacement())) {
            replaced = metaspace.replacement() + replaced;
        }
        return metaspace.split() ? mergedWithNext(replaced, metaspace.replacement()) : List.of(replaced);
    }

    /** The crate's MergedWithNext split: every replacement character starts a new piece. */
    private static List<String> mergedWithNext(String text, String delimiter) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int at = text.indexOf(delimiter, 1); at > 0; at = text.indexOf(delimiter, at + delimiter.length())) {
            out.add(text.substring(start, at));
            start = at;
        }
        out.add(text.substring(start));
        return out;
    }

    private static @Nullable Metaspace metaspace(JsonNode node) {
        String type = node.path("type").asString("");
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (type.equals("Sequence") && node.path("pretokenizers").size() == 1) {
            return metaspace(node.path("pretokenizers").get(0));
        }
        if (!type.equals("Metaspace")) {
            throw new IllegalArgumentException("pre-tokenizer " + type + " is not Metaspace");
        }
        // before prepend_scheme there was add_prefix_space
        String scheme = node.path("prepend_scheme")
                .asString(node.path("add_prefix_space").asBoolean(true) ? "always" : "never");
        return new Metaspace(
                node.path("replacement").asString("\u2581"),
                !scheme.equals("never"),
                node.path("split").asBoolean(true));
    }

    private static void collectNormalizers(JsonNode node, List<UnaryOperator<String>> out) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        String type = node.path("type").asString("");
        switch (type) {
            case "Sequence" -> node.path("normalizers").forEach(step -> collectNormalizers(step, out));
            case "Prepend" -> {
                String prefix = node.path("prepend").asString("");
                out.add(text -> text.isEmpty() ? text : prefix + text);
            }
            case "Replace" -> out.add(replace(node));
            case "NFC" -> out.add(text -> Normalizer.normalize(text, Normalizer.Form.NFC));
            case "NFD" -> out.add(text -> Normalizer.normalize(text, Normalizer.Form.NFD));
            case "NFKC" -> out.add(text -> Normalizer.normalize(text, Normalizer.Form.NFKC));
            case "NFKD" -> out.add(text -> Normalizer.normalize(text, Normalizer.Form.NFKD));
            case "Lowercase" -> out.add(text -> text.toLowerCase(Locale.ROOT));
            case "Strip" -> out.add(strip(node));
            // the charsmap is SentencePiece's NFKC plus whitespace folding; transformers.js approximates it the same
            // way
            case "Precompiled" -> out.add(SentencePieceText::precompiled);
            default -> throw new IllegalArgumentException("normalizer " + type + " is not supported");
        }
    }

    private static UnaryOperator<String> replace(JsonNode node) {
        String content = node.path("content").asString("");
        JsonNode pattern = node.path("pattern");
        if (pattern.has("String")) {
            String literal = pattern.path("String").asString();
            return text -> text.replace(literal, content);
        }
        if (pattern.has("Regex")) {
            Pattern regex = Pattern.compile(pattern.path("Regex").asString(), Pattern.UNICODE_CHARACTER_CLASS);
            String quoted = Matcher.quoteReplacement(content);
            return text -> regex.matcher(text).replaceAll(quoted);
        }
        throw new IllegalArgumentException("normalizer Replace has no String or Regex pattern");
    }

    private static UnaryOperator<String> strip(JsonNode node) {
        boolean left = node.path("strip_left").asBoolean(true);
        boolean right = node.path("strip_right").asBoolean(true);
        return text -> {
            String s = left ? text.stripLeading() : text;
            return right ? s.stripTrailing() : s;
        };
    }

    private static final Pattern CONTROLS =
            Pattern.compile("[\\x{0001}-\\x{0008}\\x{000B}\\x{000E}-\\x{001F}\\x{007F}\\x{008F}\\x{009F}]");
    private static final Pattern SPACES = Pattern.compile(
            "[\\x{0009}\\x{000A}\\x{000C}\\x{000D}\\x{00A0}\\x{1680}\\x{2000}-\\x{200F}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{2581}\\x{3000}\\x{FEFF}\\x{FFFD}]");

    private static String precompiled(String text) {
        String s = SPACES.matcher(CONTROLS.matcher(text).replaceAll("")).replaceAll(" ");
        return Normalizer.normalize(s, Normalizer.Form.NFKC);
    }
}
