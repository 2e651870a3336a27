package dev.modelrouter.routing;

import dev.modelrouter.model.Usage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * The prompt size of the last answered turn of each recent Claude Code session, for claude-code-router's
 * sticky long-context rule: once a session's prompt has passed {@code longContextThreshold}, its later
 * turns stay on {@code longContext} while they hold more than {@link ScenarioRouter#STICKY_MIN_TOKENS}
 * tokens, so a conversation does not flip between models as its size hovers around the threshold.
 *
 * <p>ccr keeps the last usage of 100 sessions and compares its {@code input_tokens}; that count leaves
 * out cached tokens, which in a cached Claude Code conversation are nearly all of them. Here the prompt
 * is input, cache reads and cache writes together, for the 1,000 most recently answered sessions.
 */
public final class SessionContexts {

    static final int CAPACITY = 1000;
    static final int MAX_ID = 128;
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();

    private final Map<String, Integer> last = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Sessions a recall has had an answer for, so each is looked up elsewhere at most once. */
    private final Map<String, Boolean> recalled = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    private volatile BiConsumer<String, Integer> recorded = (session, prompt) -> {};
    private volatile @Nullable Function<String, Mono<Integer>> recall;

    /** Sets who is told of each turn's prompt size (cluster mode, which shares it with every instance). */
    public void onRecord(BiConsumer<String, Integer> listener) {
        recorded = listener;
    }

    /**
     * Sets where a session this instance has not seen is looked up (cluster mode: Redis, for a session
     * that began before this instance started): the answer is the prompt size of its last turn, 0 when
     * none is known there, or empty when there was no answer (then a later turn asks again); {@code null}
     * for none.
     */
    public void onMiss(@Nullable Function<String, Mono<Integer>> lookup) {
        recall = lookup;
    }

    /** Whether {@link #recall} has something to ask about {@code session}: it is neither known here nor asked. */
    public boolean unknown(@Nullable String session) {
        if (session == null || recall == null) {
            return false;
        }
        synchronized (last) {
            if (last.containsKey(session) || recalled.containsKey(session)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Looks up a session this instance does not know where {@link #onMiss} says; completes once it knows
     * what there is to know. A turn recorded here meanwhile is newer and stays.
     */
    public Mono<Void> recall(String session) {
        Function<String, Mono<Integer>> lookup = recall;
        if (lookup == null) {
            return Mono.empty();
        }
        return lookup.apply(session)
                .doOnNext(prompt -> {
                    synchronized (last) {
                        recalled.put(session, Boolean.TRUE);
                        if (prompt > 0) {
                            last.putIfAbsent(session, prompt);
                        }
                    }
                })
                .then();
    }

    /** Takes the prompt size of a session's turn answered elsewhere (by another instance). */
    public void remember(String session, int prompt) {
        if (prompt > 0 && session.length() <= MAX_ID) {
            synchronized (last) {
                last.put(session, prompt);
            }
        }
    }

    /** Records the usage of a session's answered turn. */
    public void record(@Nullable String session, Usage usage) {
        if (session == null) {
            return;
        }
        long prompt = (long) usage.input() + usage.cacheRead() + usage.cacheWrite();
        if (prompt <= 0) {
            return;
        }
        int size = (int) Math.min(Integer.MAX_VALUE, prompt);
        synchronized (last) {
            last.put(session, size);
        }
        recorded.accept(session, size);
    }

    /** The prompt tokens of the session's last answered turn, 0 when none is known. */
    public int lastPrompt(@Nullable String session) {
        if (session == null) {
            return 0;
        }
        synchronized (last) {
            Integer n = last.get(session);
            return n == null ? 0 : n;
        }
    }

    /**
     * Claude Code's session id: the {@code x-claude-code-session-id} header that current versions send,
     * else the one inside {@code metadata.user_id}, which older versions end with {@code _session_<id>}
     * and current ones write as a JSON object with a {@code session_id}.
     */
    public static @Nullable String sessionId(@Nullable String header, @Nullable String userId) {
        String id = fromClient(header, userId);
        // Claude Code's ids are UUIDs; a client's longer text is not kept per session
        return id == null || id.length() > MAX_ID ? null : id;
    }

    private static @Nullable String fromClient(@Nullable String header, @Nullable String userId) {
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        if (userId == null || userId.isEmpty()) {
            return null;
        }
        int at = userId.indexOf("_session_");
        if (at >= 0) {
            String id = userId.substring(at + "_session_".length());
            return id.isEmpty() ? null : id;
        }
        if (userId.startsWith("{")) {
            return jsonSessionId(userId);
        }
        return null;
    }

    /** The {@code session_id} string of a JSON object, or {@code null}. */
    private static @Nullable String jsonSessionId(String json) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("session_id") && value == JsonToken.VALUE_STRING) {
                    String id = p.getString();
                    return id.isEmpty() ? null : id;
                }
                p.skipChildren();
            }
            return null;
        } catch (JacksonException notJson) {
            return null;
        }
    }
}
