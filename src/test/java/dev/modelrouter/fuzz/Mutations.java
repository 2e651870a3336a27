package dev.modelrouter.fuzz;

import dev.modelrouter.protocol.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Structure-aware mutations of real JSON: a seed (a recorded request, a config file, a stream event)
 * gets one to four changes that a parser must survive: fields removed, renamed to other fields of
 * the protocols, values swapped for other types, for other protocols' type names, for strings with
 * control characters, huge numbers or deep nesting; or its text is truncated or spliced.
 */
final class Mutations {

    /** Field names and values the four protocols give meaning to, so mutations reach deep branches. */
    private static final List<String> WORDS = List.of(
            "type",
            "role",
            "content",
            "text",
            "id",
            "name",
            "input",
            "model",
            "messages",
            "system",
            "tools",
            "stream",
            "max_tokens",
            "thinking",
            "budget_tokens",
            "signature",
            "image",
            "source",
            "data",
            "media_type",
            "url",
            "tool_choice",
            "tool_use_id",
            "is_error",
            "cache_control",
            "metadata",
            "user_id",
            "tool_calls",
            "function",
            "arguments",
            "parameters",
            "input_schema",
            "parts",
            "contents",
            "functionCall",
            "functionResponse",
            "inlineData",
            "mimeType",
            "thought",
            "thoughtSignature",
            "generationConfig",
            "systemInstruction",
            "choices",
            "delta",
            "index",
            "finish_reason",
            "usage",
            "reasoning_content",
            "stop_sequences",
            "temperature",
            "top_p",
            "n",
            "response_format",
            "web_search_20250305",
            "effort",
            "output_config",
            "context_management",
            "Providers",
            "Router",
            "api_base_url",
            "api_key",
            "models",
            "transformer",
            "use",
            "default",
            "background",
            "think",
            "longContext",
            "resilience",
            "APIKEY",
            "HOST",
            "PORT",
            "fallback",
            "user",
            "assistant",
            "tool",
            "developer",
            "tool_use",
            "tool_result",
            "redacted_thinking",
            "document",
            "server_tool_use",
            "web_search_tool_result",
            "auto",
            "any",
            "none",
            "required",
            "enabled",
            "adaptive",
            "base64",
            "image_url",
            "input_text",
            "function_call",
            "function_call_output",
            "reasoning",
            "message_start",
            "content_block_start",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop",
            "error",
            "ping",
            "text_delta",
            "input_json_delta",
            "thinking_delta",
            "signature_delta");

    private static final RandomGenerator<String> ANY_STRING =
            Arbitraries.strings().all().ofMaxLength(40).generator(1000);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Mutations() {}

    /** Recorded client requests per client protocol: the seeds of the reader and the endpoint fuzz. */
    static final List<String> ANTHROPIC_REQUESTS = List.of(
            "fixtures/anthropic/claude-code.request.json",
            "fixtures/anthropic/sampling.request.json",
            "fixtures/anthropic/tool-search.request.json",
            "fixtures/claude-code/main-turn.request.json",
            "fixtures/claude-code/tool-result-turn.request.json",
            "fixtures/claude-code/title.request.json",
            "fixtures/claude-code/quota-probe.request.json");

    static final List<String> OPENAI_REQUESTS = List.of(
            "fixtures/openai/client-tools.request.json",
            "fixtures/openai/images.request.json",
            "fixtures/openai/documents.request.json",
            "fixtures/openai/parallel-tool-calls.request.json",
            "fixtures/openai/deepseek-thinking.request.json");
    static final List<String> GEMINI_REQUESTS = List.of(
            "fixtures/gemini/gemini-cli.client.json",
            "fixtures/gemini/media.request.json",
            "fixtures/gemini/claude-code-tools.request.json");

    /** Seeds read from test resources, one per file ({@code /x} names {@code x} in the checkout). */
    static List<String> seeds(List<String> resources) {
        return seeds(resources.toArray(String[]::new));
    }

    static List<String> seeds(String... resources) {
        List<String> seeds = new ArrayList<>();
        for (String resource : resources) {
            try {
                Path path = resource.startsWith("/")
                        ? Path.of(resource.substring(1))
                        : Path.of("src/test/resources", resource);
                seeds.add(Files.readString(path, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seeds;
    }

    /** Mutated seeds as a jqwik arbitrary. */
    static Arbitrary<String> of(List<String> seeds) {
        return Arbitraries.randomValue(random -> mutate(seeds.get(random.nextInt(seeds.size())), random));
    }

    static String mutate(String seed, Random random) {
        int mode = random.nextInt(10);
        if (mode < 7) {
            JsonNode tree = WireJson.tryParse(seed);
            if (tree != null && tree.isContainer()) {
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    mutateTree(tree, random);
                }
                return WireJson.write(tree);
            }
        }
        if (mode < 9) {
            return spliceText(seed, random);
        }
        if (random.nextBoolean()) {
            return WireJson.write(randomValue(random, 3));
        }
        // Nesting past the parser's limits, which a tree cannot be written with.
        int levels = 200 + random.nextInt(5000);
        return "{\"model\":\"m\",\"messages\":" + "[".repeat(levels) + "]".repeat(levels) + "}";
    }

    private static void mutateTree(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object) {
            mutateObject(object, random);
        } else if (target instanceof ArrayNode array) {
            mutateArray(array, random);
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainer()) {
            into.add(node);
            for (JsonNode child : node.values()) {
                collect(child, into);
            }
        }
    }

    private static void mutateObject(ObjectNode object, Random random) {
        List<String> names = new ArrayList<>(object.propertyNames());
        String name =
                names.isEmpty() || random.nextInt(4) == 0 ? word(random) : names.get(random.nextInt(names.size()));
        switch (random.nextInt(4)) {
            case 0 -> object.remove(name);
            case 1 -> {
                JsonNode value = object.remove(name);
                object.set(word(random), value == null ? randomValue(random, 2) : value);
            }
            default -> object.set(name, randomValue(random, 2));
        }
    }

    private static void mutateArray(ArrayNode array, Random random) {
        if (array.isEmpty() || random.nextInt(3) == 0) {
            array.add(randomValue(random, 2));
        } else if (random.nextBoolean()) {
            array.remove(random.nextInt(array.size()));
        } else {
            int i = random.nextInt(array.size());
            array.set(i, random.nextBoolean() ? array.get(i).deepCopy() : randomValue(random, 2));
            if (random.nextBoolean()) {
                array.add(array.get(i).deepCopy());
            }
        }
    }

    private static JsonNode randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 12 : 9);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(edgeNumber(random));
            case 3 -> NODES.numberNode(random.nextDouble() * 1e6 - 5e5);
            case 4, 5 -> NODES.stringNode(word(random));
            case 6 -> NODES.stringNode(ANY_STRING.next(random).value());
            case 7 -> NODES.stringNode(oddText(random));
            case 8 -> deep(1 + random.nextInt(60));
            case 9 -> {
                ArrayNode array = WireJson.array();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(random, depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = WireJson.object();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(word(random), randomValue(random, depth - 1));
                }
                yield object;
            }
        };
    }

    private static long edgeNumber(Random random) {
        long[] edges = {
            0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 4096, 1_000_000_000
        };
        return edges[random.nextInt(edges.length)];
    }

    private static String oddText(Random random) {
        String[] odd = {
            "",
            " ",
            "\u0000",
            "a\nb\r\nc",
            "\u2028",
            "../../etc/passwd",
            "a?b#c d%2F",
            "\uD800",
            "x".repeat(300),
            "é".repeat(200),
            "${HOME}",
            "data: [DONE]",
            "<CCR-SUBAGENT-MODEL>a,b</CCR-SUBAGENT-MODEL>",
            "anthropic,claude",
            ",",
            "a,",
            ",b",
            "\u001b[31m"
        };
        return odd[random.nextInt(odd.length)];
    }

    private static JsonNode deep(int levels) {
        JsonNode node = NODES.stringNode("bottom");
        for (int i = 0; i < levels; i++) {
            node = i % 2 == 0 ? WireJson.array().add(node) : WireJson.object().set("content", node);
        }
        return node;
    }

    private static String word(Random random) {
        return WORDS.get(random.nextInt(WORDS.size()));
    }

    private static String spliceText(String seed, Random random) {
        if (seed.isEmpty()) {
            return ANY_STRING.next(random).value();
        }
        int at = random.nextInt(seed.length());
        return switch (random.nextInt(3)) {
            case 0 -> seed.substring(0, at);
            case 1 -> seed.substring(0, at) + ANY_STRING.next(random).value() + seed.substring(at);
            default -> seed.substring(0, at) + seed.substring(Math.min(seed.length(), at + 1 + random.nextInt(20)));
        };
    }
}
