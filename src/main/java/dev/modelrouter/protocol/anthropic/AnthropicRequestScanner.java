package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.RequestTraits;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.SignatureCarrier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * Reads the routing facts of an Anthropic request in one streaming pass, without building a tree,
 * and records the byte ranges the fast path rewrites. Per call state lives in the instance; use
 * {@link #scan(byte[])}.
 */
public final class AnthropicRequestScanner {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();
    private static final Pattern SUBAGENT_TAG =
            Pattern.compile("<CCR-SUBAGENT-MODEL>(.*?)</CCR-SUBAGENT-MODEL>\\s*", Pattern.DOTALL);

    private static final byte[] TAG_OPEN = "<CCR-SUBAGENT-MODEL>".getBytes(StandardCharsets.US_ASCII);

    private final byte[] body;
    private final List<AnthropicScan.Splice> splices = new ArrayList<>(1);
    private @Nullable String model;
    private int modelStart = -1;
    private int modelEnd = -1;
    private @Nullable String subagentTarget;
    private @Nullable Integer thinkingBudget;
    private @Nullable String effort;
    private boolean webSearch;
    private boolean lastUserImage;
    private @Nullable Integer maxTokens;
    private int toolCount;
    private boolean structuredOutput;
    private boolean stream;
    private long excludedBytes;
    private @Nullable String userId;
    private boolean unsignedThinking;

    private AnthropicRequestScanner(byte[] body) {
        this.body = body;
    }

    /**
     * Scans a request body.
     *
     * @throws RouterException a 400 when the body is not JSON or lacks {@code model} / {@code messages}
     */
    public static AnthropicScan scan(byte[] body) {
        return new AnthropicRequestScanner(body).run();
    }

    private AnthropicScan run() {
        boolean sawMessages = false;
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw RouterException.invalid("the request body must be a JSON object");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "model" -> readModel(p, t);
                    case "max_tokens" -> maxTokens = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
                    case "stream" -> stream = t == JsonToken.VALUE_TRUE;
                    case "thinking" -> readThinking(p, t);
                    case "output_config" -> readOutputConfig(p, t);
                    case "tools" -> readTools(p, t);
                    case "system" -> readSystem(p, t);
                    case "metadata" -> readMetadata(p, t);
                    case "messages" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw RouterException.invalid("messages: expected an array of messages");
                        }
                        sawMessages = true;
                        readMessages(p);
                    }
                    default -> skipCounting(p, t, name);
                }
            }
            if (p.nextToken() != null) {
                throw RouterException.invalid("unexpected content after the JSON object");
            }
        } catch (JacksonException e) {
            throw RouterException.invalid(
                    "malformed JSON in the request body" + where(e.getLocation()) + ": " + e.getOriginalMessage());
        }
        if (model == null) {
            throw RouterException.invalid(
                    "model: required, a string such as \"claude-sonnet-4-5\" or \"provider,model\"");
        }
        if (!sawMessages) {
            throw RouterException.invalid("messages: required, an array of messages");
        }
        return new AnthropicScan(
                body, model, modelStart, modelEnd, splices, this::traits, stream, userId, unsignedThinking);
    }

    private RequestTraits traits(IntSupplier tokens) {
        return new RequestTraits(
                Objects.requireNonNull(model),
                subagentTarget,
                thinkingBudget,
                effort,
                webSearch,
                lastUserImage,
                maxTokens,
                toolCount,
                structuredOutput,
                body.length - excludedBytes,
                tokens);
    }

    private static String where(@Nullable TokenStreamLocation loc) {
        return loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private void readModel(JsonParser p, JsonToken t) {
        if (t != JsonToken.VALUE_STRING) {
            throw RouterException.invalid("model: expected a string");
        }
        modelStart = (int) p.currentTokenLocation().getByteOffset();
        model = p.getString();
        modelEnd = (int) p.currentLocation().getByteOffset();
    }

    private void readThinking(JsonParser p, JsonToken t) {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String type = null;
        Integer budget = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("type") && v == JsonToken.VALUE_STRING) {
                type = p.getString();
            } else if (name.equals("budget_tokens") && v == JsonToken.VALUE_NUMBER_INT) {
                budget = p.getIntValue();
            } else {
                p.skipChildren();
            }
        }
        if ("enabled".equals(type)) {
            thinkingBudget = budget == null ? 0 : budget;
        }
    }

    private void readOutputConfig(JsonParser p, JsonToken t) {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("effort") && v == JsonToken.VALUE_STRING) {
                effort = p.getString();
            } else if (name.equals("format") && v == JsonToken.START_OBJECT) {
                structuredOutput = true;
                p.skipChildren();
            } else {
                p.skipChildren();
            }
        }
    }

    private void readTools(JsonParser p, JsonToken t) {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            toolCount++;
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("type")
                        && v == JsonToken.VALUE_STRING
                        && p.getString().startsWith("web_search")) {
                    webSearch = true;
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private void readSystem(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_STRING) {
            int start = (int) p.currentTokenLocation().getByteOffset();
            if (!JsonBytes.stringMayHold(body, start, TAG_OPEN)) {
                return;
            }
            String text = p.getString();
            int end = (int) p.currentLocation().getByteOffset();
            String stripped = stripTag(text);
            if (stripped != null) {
                splices.add(new AnthropicScan.Splice(start, end, AnthropicScan.quote(stripped)));
            }
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        // element spans, so that a block left empty by the tag can be removed with its comma
        List<int[]> spans = new ArrayList<>();
        int dropIndex = -1;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int elementStart = (int) p.currentTokenLocation().getByteOffset();
            if (p.currentToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (name.equals("text") && v == JsonToken.VALUE_STRING) {
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        if (!JsonBytes.stringMayHold(body, start, TAG_OPEN)) {
                            continue;
                        }
                        String text = p.getString();
                        int end = (int) p.currentLocation().getByteOffset();
                        String stripped = stripTag(text);
                        if (stripped != null) {
                            if (stripped.isBlank()) {
                                dropIndex = spans.size();
                            } else {
                                splices.add(new AnthropicScan.Splice(start, end, AnthropicScan.quote(stripped)));
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
            spans.add(new int[] {elementStart, (int) p.currentLocation().getByteOffset()});
        }
        if (dropIndex >= 0) {
            int[] span = spans.get(dropIndex);
            int start = dropIndex > 0 ? spans.get(dropIndex - 1)[1] : span[0];
            int end = dropIndex == 0 && spans.size() > 1 ? spans.get(1)[0] : span[1];
            splices.add(new AnthropicScan.Splice(start, end, new byte[0]));
        }
    }

    /** The text without the sub-agent tag, or {@code null} when it has none; remembers the first target. */
    private @Nullable String stripTag(String text) {
        if (!text.contains("<CCR-SUBAGENT-MODEL>")) {
            return null;
        }
        Matcher m = SUBAGENT_TAG.matcher(text);
        if (!m.find()) {
            return null;
        }
        if (subagentTarget == null) {
            subagentTarget = m.group(1).trim();
        }
        return m.replaceAll("");
    }

    private void readMessages(JsonParser p) {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw RouterException.invalid("messages: every message must be an object with role and content");
            }
            String role = null;
            boolean image = false;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("role") && v == JsonToken.VALUE_STRING) {
                    role = p.getString();
                } else {
                    image |= walk(p, v, name);
                }
            }
            if ("user".equals(role)) {
                lastUserImage = image;
            }
        }
    }

    /**
     * Walks one value, adding base64 payloads ({@code data}) and signatures to the bytes that hold no
     * prompt text;
     * returns whether it contains an image block.
     */
    private boolean walk(JsonParser p, JsonToken t, String field) {
        if (t == JsonToken.START_OBJECT) {
            boolean image = false;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                image |= walk(p, v, name);
            }
            return image;
        }
        if (t == JsonToken.START_ARRAY) {
            boolean image = false;
            JsonToken v;
            while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                image |= walk(p, v, field);
            }
            return image;
        }
        if (t == JsonToken.VALUE_STRING) {
            if (field.equals("type")) {
                return p.getString().equals("image");
            }
            if (field.equals("data") || field.equals("signature")) {
                excludedBytes += p.getStringLength();
            }
            if (field.equals("signature") && !unsignedThinking) {
                unsignedThinking = notAnthropic(p);
            }
        }
        return false;
    }

    /** Whether the current string, a signature, is empty or the router's own (see SignatureCarrier). */
    private static boolean notAnthropic(JsonParser p) {
        int length = p.getStringLength();
        String prefix = SignatureCarrier.PREFIX;
        if (length < prefix.length()) {
            return length == 0;
        }
        char[] chars = p.getStringCharacters();
        int offset = p.getStringOffset();
        for (int i = 0; i < prefix.length(); i++) {
            if (chars[offset + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code metadata.user_id}, where Claude Code writes its session id. */
    private void readMetadata(JsonParser p, JsonToken t) {
        if (t != JsonToken.START_OBJECT) {
            skipCounting(p, t, "metadata");
            return;
        }
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("user_id") && v == JsonToken.VALUE_STRING) {
                userId = p.getString();
            } else {
                skipCounting(p, v, name);
            }
        }
    }

    private void skipCounting(JsonParser p, JsonToken t, String name) {
        walk(p, t, name);
    }
}
