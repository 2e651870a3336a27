package dev.modelrouter.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Counts tokens with a SentencePiece-derived BPE {@code tokenizer.json} (Llama 2, Mistral, Mixtral, Gemma,
 * Yi): the text steps of {@link SentencePieceText}, then each character that is in the vocabulary is a
 * symbol, one that is not becomes its UTF-8 bytes as {@code <0xXX>} tokens ({@code byte_fallback}) or
 * {@code <unk>}, and the merges are applied by rank. Without a splitting pre-tokenizer the whole text is one
 * piece, so the merges run on a heap (as the Rust crate does) rather than by rescanning.
 */
final class SentencePieceBpe implements HfTokenizer {

    private final SentencePieceText text;
    private final Map<String, Integer> ranks;
    private final Set<String> vocab;
    private final boolean byteFallback;
    private final boolean hasUnk;
    private final boolean fuseUnk;
    private final boolean ignoreMerges;
    private final PieceCounts pieces = new PieceCounts(this::countPiece);

    private SentencePieceBpe(SentencePieceText text, Map<String, Integer> ranks, JsonNode model) {
        this.text = text;
        this.ranks = ranks;
        Set<String> known = new HashSet<>();
        model.path("vocab").properties().forEach(e -> known.add(e.getKey()));
        this.vocab = known;
        this.byteFallback = model.path("byte_fallback").asBoolean(false);
        this.hasUnk = vocab.contains(model.path("unk_token").asString(""));
        this.fuseUnk = model.path("fuse_unk").asBoolean(false);
        this.ignoreMerges = model.path("ignore_merges").asBoolean(false);
    }

    /** Reads a BPE model whose steps are SentencePiece's (see {@link SentencePieceText#of}). */
    static SentencePieceBpe of(JsonNode root) {
        JsonNode model = root.path("model");
        for (String option : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            if (!model.path(option).asString("").isEmpty()) {
                throw new IllegalArgumentException("BPE " + option + " is not supported");
            }
        }
        return new SentencePieceBpe(SentencePieceText.of(root), ByteLevelBpe.ranks(model.path("merges")), model);
    }

    @Override
    public synchronized int count(String input) {
        return pieces.count(text.pieces(input));
    }

    private int countPiece(String piece) {
        if (ignoreMerges && vocab.contains(piece)) {
            return 1;
        }
        List<String> symbols = symbols(piece);
        return merge(symbols.toArray(String[]::new));
    }

    /** The starting symbols: known characters, byte tokens for the rest, or (fused) unknowns. */
    private List<String> symbols(String piece) {
        List<String> symbols = new ArrayList<>(piece.length());
        boolean lastUnknown = false;
        for (int i = 0; i < piece.length(); ) {
            int cp = piece.codePointAt(i);
            String ch = piece.substring(i, i + Character.charCount(cp));
            i += ch.length();
            if (vocab.contains(ch)) {
                symbols.add(ch);
                lastUnknown = false;
                continue;
            }
            List<String> bytes = byteFallback ? byteTokens(ch) : null;
            if (bytes != null) {
                symbols.addAll(bytes);
                lastUnknown = false;
            } else if (hasUnk && !(fuseUnk && lastUnknown)) {
                // a NUL stands for <unk>: it is in no merge, so it never joins a neighbour
                symbols.add("\0");
                lastUnknown = true;
            }
        }
        return symbols;
    }

    private @Nullable List<String> byteTokens(String ch) {
        List<String> out = new ArrayList<>(4);
        for (byte b : ch.getBytes(StandardCharsets.UTF_8)) {
            String token = String.format("<0x%02X>", b & 0xff);
            if (!vocab.contains(token)) {
                return null;
            }
            out.add(token);
        }
        return out;
    }

    /** A candidate merge of the symbol at {@code left} with its right neighbour, as it stood when queued. */
    private record Merge(int rank, int left, String a, String b) {}

    /** Applies merges lowest rank first, leftmost on a tie; returns the number of symbols left. */
    private int merge(String[] symbols) {
        int n = symbols.length;
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        PriorityQueue<Merge> queue = new PriorityQueue<>((x, y) ->
                x.rank() != y.rank() ? Integer.compare(x.rank(), y.rank()) : Integer.compare(x.left(), y.left()));
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, symbols, i, i + 1);
        }
        int left = n;
        while (!queue.isEmpty()) {
            Merge m = queue.poll();
            int right = next[m.left()];
            // stale: one side has merged since this was queued
            if (symbols[m.left()] == null
                    || right < 0
                    || !symbols[m.left()].equals(m.a())
                    || !symbols[right].equals(m.b())) {
                continue;
            }
            symbols[m.left()] = m.a() + m.b();
            symbols[right] = null;
            next[m.left()] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = m.left();
                offer(queue, symbols, m.left(), next[right]);
            }
            if (prev[m.left()] >= 0) {
                offer(queue, symbols, prev[m.left()], m.left());
            }
            left--;
        }
        return left;
    }

    private void offer(PriorityQueue<Merge> queue, String[] symbols, int left, int right) {
        Integer rank = ranks.get(symbols[left] + " " + symbols[right]);
        if (rank != null) {
            queue.add(new Merge(rank, left, symbols[left], symbols[right]));
        }
    }
}
