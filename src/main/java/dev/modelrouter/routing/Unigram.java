package dev.modelrouter.routing;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Counts tokens with a Unigram {@code tokenizer.json} (T5, ALBERT, XLNet, XLM-R and other SentencePiece
 * unigram models): the text steps of {@link SentencePieceText}, then the segmentation of each piece with the
 * highest total score (Viterbi over the vocabulary's log probabilities), as the Rust crate's optimized
 * encoder does it: ties go to the earliest start, a character no piece covers is {@code <unk>} scored below
 * every piece, consecutive unknowns are one token, or their UTF-8 bytes as {@code <0xXX>} tokens under
 * {@code byte_fallback}.
 */
final class Unigram implements HfTokenizer {

    /** SentencePiece's penalty under the lowest score for an unknown character. */
    private static final double UNK_PENALTY = 10;

    private final SentencePieceText text;
    private final Map<String, Integer> ids;
    private final double[] scores;
    private final int unkId;
    private final double unkScore;
    private final boolean byteFallback;
    private final Trie trie = new Trie();
    private final PieceCounts pieces = new PieceCounts(this::countPiece);

    private Unigram(SentencePieceText text, JsonNode model) {
        this.text = text;
        JsonNode vocab = model.path("vocab");
        this.ids = new HashMap<>(vocab.size() * 2);
        this.scores = new double[vocab.size()];
        double min = Double.MAX_VALUE;
        for (int id = 0; id < vocab.size(); id++) {
            String piece = vocab.get(id).get(0).asString();
            scores[id] = vocab.get(id).get(1).asDouble();
            min = Math.min(min, scores[id]);
            ids.putIfAbsent(piece, id);
            trie.add(piece, id);
        }
        this.unkId = model.path("unk_id").asInt(-1);
        this.unkScore = min - UNK_PENALTY;
        this.byteFallback = model.path("byte_fallback").asBoolean(false);
    }

    /** Reads a Unigram model whose steps are SentencePiece's (see {@link SentencePieceText#of}). */
    static Unigram of(JsonNode root) {
        JsonNode model = root.path("model");
        if (!model.path("vocab").isArray() || model.path("vocab").isEmpty()) {
            throw new IllegalArgumentException("Unigram vocab is not a list of [piece, score] pairs");
        }
        return new Unigram(SentencePieceText.of(root), model);
    }

    @Override
    public synchronized int count(String input) {
        return pieces.count(text.pieces(input));
    }

    private int countPiece(String piece) {
        int size = piece.length();
        double[] best = new double[size + 1];
        int[] startsAt = new int[size + 1];
        int[] idAt = new int[size + 1];
        java.util.Arrays.fill(startsAt, -1);
        for (int start = 0; start < size; ) {
            int charLength = Character.charCount(piece.codePointAt(start));
            boolean single = false;
            Trie.Node node = trie.root;
            for (int end = start; end < size && (node = node.children.get(piece.charAt(end))) != null; end++) {
                if (node.id >= 0) {
                    offer(best, startsAt, idAt, start, end + 1, scores[node.id], node.id);
                    single |= end + 1 - start == charLength;
                }
            }
            if (!single) {
                offer(best, startsAt, idAt, start, start + charLength, unkScore, unkId);
            }
            start += charLength;
        }
        return countPath(piece, startsAt, idAt);
    }

    private static void offer(double[] best, int[] startsAt, int[] idAt, int start, int end, double score, int id) {
        double candidate = best[start] + score;
        if (startsAt[end] < 0 || candidate > best[end]) {
            best[end] = candidate;
            startsAt[end] = start;
            idAt[end] = id;
        }
    }

    /** Walks the best path back; each run of unknowns is one token, or its bytes under byte fallback. */
    private int countPath(String piece, int[] startsAt, int[] idAt) {
        int n = 0;
        int unknownEnd = -1;
        for (int end = piece.length(); end > 0; end = startsAt[end]) {
            boolean unknown = idAt[end] == unkId;
            if (unknown && unknownEnd < 0) {
                unknownEnd = end;
            }
            if (unknownEnd >= 0 && (!unknown || startsAt[end] == 0)) {
                n += unknowns(piece.substring(unknown ? 0 : end, unknownEnd));
                unknownEnd = -1;
            }
            if (!unknown) {
                n++;
            }
        }
        return n;
    }

    private int unknowns(String run) {
        if (ids.containsKey(run)) {
            return 1;
        }
        if (byteFallback) {
            for (byte b : run.getBytes(StandardCharsets.UTF_8)) {
                if (!ids.containsKey(String.format("<0x%02X>", b & 0xff))) {
                    return 1;
                }
            }
            return run.getBytes(StandardCharsets.UTF_8).length;
        }
        return 1;
    }

    /** The vocabulary by UTF-16 unit, for the prefix walk from each start. */
    private static final class Trie {
        private final Node root = new Node();

        private static final class Node {
            private final Map<Character, Node> children = new HashMap<>(4);
            private int id = -1;
        }

        void add(String piece, int id) {
            Node node = root;
            for (int i = 0; i < piece.length(); i++) {
                node = node.children.computeIfAbsent(piece.charAt(i), c -> new Node());
            }
            if (node.id < 0) {
                node.id = id;
            }
        }
    }
}
