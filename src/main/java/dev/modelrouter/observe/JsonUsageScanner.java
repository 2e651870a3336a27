package dev.modelrouter.observe;

import dev.modelrouter.model.Usage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * Reads the top-level {@code usage} object of an Anthropic message body with a non-blocking parser,
 * so the body is never gathered: each chunk is tokenized as it passes and dropped.
 */
final class JsonUsageScanner {

    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();

    private final UsageTap tap;
    private final JsonParser parser = JSON.createNonBlockingByteArrayParser(ObjectReadContext.empty());
    private int depth;
    private boolean usageNext;
    private int usageDepth = -1;
    private @Nullable String field;
    private int input;
    private int output;
    private int cacheRead;
    private int cacheWrite;
    private boolean done;

    JsonUsageScanner(UsageTap tap) {
        this.tap = tap;
    }

    void feed(byte[] chunk, int offset, int length) {
        if (done || length == 0) {
            return;
        }
        try {
            ((ByteArrayFeeder) parser.nonBlockingInputFeeder()).feedInput(chunk, offset, offset + length);
            JsonToken t;
            while (!done && (t = parser.nextToken()) != null && t != JsonToken.NOT_AVAILABLE) {
                token(t);
            }
        } catch (JacksonException e) {
            finish(); // not JSON after all (an HTML error page, say): leave the usage unknown
        }
    }

    /**
     * Closing the parser hands the property names it met back to the factory's shared table; a parser
     * left open keeps them to itself, and the next one copies the table again to add the same names
     * (about 4 KB per answer).
     */
    private void finish() {
        done = true;
        try {
            parser.close();
        } catch (JacksonException e) {
            // nothing was held but the parser's own buffers
        }
    }

    private void token(JsonToken t) {
        switch (t) {
            case START_OBJECT, START_ARRAY -> {
                depth++;
                if (usageNext && t == JsonToken.START_OBJECT) {
                    usageDepth = depth;
                    input = output = cacheRead = cacheWrite = 0;
                }
                usageNext = false;
            }
            case END_OBJECT, END_ARRAY -> {
                if (depth == usageDepth) {
                    usageDepth = -1;
                    tap.message(new Usage(input, output, cacheRead, cacheWrite));
                }
                if (--depth == 0) {
                    finish();
                }
            }
            case PROPERTY_NAME -> {
                String name = parser.currentName();
                usageNext = depth == 1 && "usage".equals(name);
                field = depth == usageDepth ? name : null;
            }
            case VALUE_NUMBER_INT -> {
                if (depth == usageDepth && field != null) {
                    count(field, parser.getIntValue());
                }
                usageNext = false;
            }
            default -> usageNext = false;
        }
    }

    private void count(String name, int value) {
        switch (name) {
            case "input_tokens" -> input = value;
            case "output_tokens" -> output = value;
            case "cache_read_input_tokens" -> cacheRead = value;
            case "cache_creation_input_tokens" -> cacheWrite = value;
            default -> {}
        }
    }
}
