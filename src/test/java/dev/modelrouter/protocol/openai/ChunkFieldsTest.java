package dev.modelrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.SseFrame;
import dev.modelrouter.protocol.ToolNames;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The token-stream read of Chat Completions chunks against the tree-only reader on the same input:
 * the same canonical events (the final stop shows the usage and finish reason they left), or the same
 * failure. Each case also says which path read it.
 */
class ChunkFieldsTest {

    private static final String HEAD = "{\"id\":\"chatcmpl-01\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1730000000,\"model\":\"deepseek-chat\",\"system_fingerprint\":\"fp_1\",\"choices\":[";
    private static final String FIRST = HEAD + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]}";
    private static final String TEXT = HEAD + "{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}";
    private static final String FINISH =
            HEAD + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}";
    private static final String USAGE = HEAD + "],\"usage\":{\"prompt_tokens\":14210,\"completion_tokens\":1003,"
            + "\"total_tokens\":15213,\"prompt_tokens_details\":{\"cached_tokens\":13824,\"audio_tokens\":0},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"accepted_prediction_tokens\":0}}}";
    private static final String DONE = "[DONE]";

    @Test
    void readsTheFirstFinishAndUsageChunksWithoutATree() {
        assertThat(ChunkFields.read(FIRST))
                .isEqualTo(new ChunkFields("chatcmpl-01", "deepseek-chat", null, "", "", List.of(), null));
        assertThat(ChunkFields.read(FINISH))
                .isEqualTo(new ChunkFields("chatcmpl-01", "deepseek-chat", null, "", null, List.of(), "stop"));
        assertThat(ChunkFields.read(USAGE))
                .isEqualTo(new ChunkFields(
                        "chatcmpl-01", "deepseek-chat", new Usage(386, 1003, 13824, 0), "", null, List.of(), null));
        assertSameAsTree(FIRST, TEXT, FINISH, USAGE, DONE);
        assertSameAsTree(FIRST, TEXT, FINISH, USAGE);
    }

    @Test
    void readsVendorShapesTheSameAsTheTree() {
        List<String> shapes = List.of(
                // DeepSeek: reasoning_content, usage with its cache counts on the finish
                HEAD + "{\"index\":0,\"delta\":{\"content\":null,\"reasoning_content\":\"Let \\\"me\\\" think\"},"
                        + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}",
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"\",\"reasoning_content\":null},\"logprobs\":null,"
                        + "\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":9,"
                        + "\"total_tokens\":29,\"prompt_tokens_details\":{\"cached_tokens\":0},"
                        + "\"prompt_cache_hit_tokens\":16,\"prompt_cache_miss_tokens\":4}}",
                // OpenRouter: reasoning, empty reasoning_details, a provider, a float cost
                "{\"id\":\"gen-1\",\"provider\":\"Fireworks\",\"model\":\"z-ai/glm-4.6\",\"object\":\"chat.completion.chunk\","
                        + "\"created\":1,\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
                        + "\"reasoning\":\"hm\",\"reasoning_details\":[]},\"finish_reason\":null,"
                        + "\"native_finish_reason\":null,\"logprobs\":null}]}",
                "{\"id\":\"gen-1\",\"provider\":\"Fireworks\",\"model\":\"z-ai/glm-4.6\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":\"stop\","
                        + "\"native_finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,"
                        + "\"total_tokens\":12,\"cost\":0.000123,\"is_byok\":false,\"prompt_tokens_details\":"
                        + "{\"cached_tokens\":3,\"cache_write_tokens\":5},\"cost_details\":{\"upstream_inference_cost\":null},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":1,\"image_tokens\":0}}}",
                // OpenAI: service_tier, obfuscation, usage: null on every chunk, tool_calls null
                "{\"id\":\"chatcmpl-B\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4.1\","
                        + "\"service_tier\":\"default\",\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"delta\":"
                        + "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null,\"tool_calls\":null},"
                        + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"Zx\"}",
                // key orders and whitespace of other servers
                " { \"choices\" : [ { \"finish_reason\" : \"tool_calls\" , \"delta\" : { \"content\" : \"\\u00e9\\ud83d\\ude00\" ,"
                        + " \"role\" : \"assistant\" } , \"index\" : 0 } , {\"index\":1,\"delta\":{\"content\":\"x\"}} ] ,"
                        + " \"model\" : \"m\" , \"id\" : \"c-\\u0041\" } ",
                "{\"model\":null,\"id\":null,\"choices\":null,\"usage\":{}}",
                "{\"choices\":[{\"delta\":null,\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":null,"
                        + "\"completion_tokens\":-2,\"prompt_tokens_details\":null}}",
                "{\"id\":\"c\",\"choices\":[{\"delta\":{\"reasoning_content\":\"\",\"reasoning\":\"r\",\"x\":null}}],"
                        + "\"extra\":[1,{\"y\":[true,false,null,1.5e3]}]}",
                "{\"id\":\"\",\"model\":\" \",\"choices\":[]}",
                // both reasoning fields (older vLLM): reasoning_content wins, as in the tree path
                "{\"id\":\"c\",\"choices\":[{\"delta\":{\"reasoning\":\"b\",\"reasoning_content\":\"a\"}}]}");
        for (String data : shapes) {
            assertThat(ChunkFields.read(data.strip())).as(data).isNotNull();
            assertSameAsTree(data, TEXT, FINISH, DONE);
            assertSameAsTree(FIRST, data, TEXT, USAGE);
        }
    }

    private static String calls(String toolCalls) {
        return HEAD + "{\"index\":0,\"delta\":{\"tool_calls\":" + toolCalls + "},\"logprobs\":null,"
                + "\"finish_reason\":null}]}";
    }

    @Test
    void readsToolCallFragmentsWithoutATree() {
        String head = calls("[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"Bash\","
                + "\"arguments\":\"\"}}]");
        String fragment = calls("[{\"index\":0,\"function\":{\"arguments\":\"{\\\"command\\\":\\\"ls\\\\n\"}}]");
        String toolFinish = HEAD + "{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}";

        assertThat(ChunkFields.read(head))
                .isEqualTo(new ChunkFields(
                        "chatcmpl-01",
                        "deepseek-chat",
                        null,
                        "",
                        null,
                        List.of(new ToolCallFragment(0, "call_1", "Bash", "")),
                        null));
        assertThat(ChunkFields.read(fragment).toolCalls())
                .containsExactly(new ToolCallFragment(0, null, null, "{\"command\":\"ls\\n"));
        assertSameAsTree(
                FIRST,
                head,
                fragment,
                calls("[{\"index\":0,\"function\":{\"arguments\":\"\\\"}\"}}]"),
                toolFinish,
                USAGE,
                DONE);
    }

    @Test
    void readsToolCallShapesTheSameAsTheTree() {
        List<String> shapes = List.of(
                // parallel calls in one chunk, and calls without an index (their place in the list)
                calls("[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"Read\",\"arguments\":\"{}\"}},"
                        + "{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"Grep\",\"arguments\":\"{\\\"p\\\"\"}}]"),
                calls(
                        "[{\"id\":\"a\",\"function\":{\"name\":\"Read\"}},{\"id\":\"b\",\"function\":{\"name\":\"Grep\"}}]"),
                calls("[{\"index\":null,\"id\":null,\"type\":null,\"function\":null}]"),
                // one index reused for a second call with another id (some servers), then its arguments
                calls("[{\"index\":0,\"id\":\"x\",\"function\":{\"name\":\"Edit\",\"arguments\":\"\"}}]"),
                calls("[{\"index\":0,\"id\":\"y\",\"function\":{\"name\":\"Write\",\"arguments\":\"{\\\"a\\\":1}\"}}]"),
                calls("[{\"index\":0,\"id\":\"\",\"function\":{\"name\":\"\",\"arguments\":null}}]"),
                // other fields of a call or its function, key orders and whitespace of other servers
                calls(" [ { \"function\" : { \"arguments\" : \"\\u00e9\\ud83d\\ude00\" , \"name\" : \"Bash\" ,"
                        + " \"strict\" : { \"x\" : [ 1 ] } } , \"type\" : \"function\" , \"index\" : 2 ,"
                        + " \"extra\" : [ null ] } ] "),
                calls("[]"),
                calls("null"),
                // text or reasoning before a call in the same chunk: the open block is closed after it
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"Let me look.\",\"tool_calls\":[{\"index\":0,"
                        + "\"id\":\"c\",\"function\":{\"name\":\"Glob\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}",
                HEAD + "{\"index\":0,\"delta\":{\"reasoning_content\":\"hm\",\"tool_calls\":[{\"index\":3,"
                        + "\"function\":{\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}");
        for (String data : shapes) {
            assertThat(ChunkFields.read(data.strip())).as(data).isNotNull();
            assertSameAsTree(data, TEXT, FINISH, DONE);
            assertSameAsTree(FIRST, TEXT, data, USAGE, DONE);
        }
        List<String> all = new ArrayList<>(List.of(FIRST));
        all.addAll(shapes);
        all.addAll(List.of(FINISH, USAGE, DONE));
        assertSameAsTree(all.toArray(String[]::new));
    }

    @Test
    void leavesUnusualShapesToTheTree() {
        List<String> unusual = List.of(
                // news the token read does not carry
                HEAD
                        + "{\"index\":0,\"delta\":{\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"t\"}]}}]}",
                HEAD + "{\"index\":0,\"delta\":{\"refusal\":\"no\"}}]}",
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"a\"},\"logprobs\":{\"content\":[]}}]}",
                "{\"error\":{\"message\":\"overloaded\",\"code\":429}}",
                "{\"error\":null,\"id\":\"c\",\"choices\":[]}",
                // repeated fields, which the tree keeps one of
                "{\"id\":\"a\",\"id\":\"b\",\"choices\":[]}",
                "{\"model\":\"a\",\"model\":\"b\"}",
                "{\"choices\":[{\"delta\":{\"content\":\"a\",\"content\":\"b\"}}]}",
                "{\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"choices\":[]}",
                "{\"choices\":[{\"finish_reason\":\"stop\",\"finish_reason\":null}]}",
                "{\"usage\":{\"prompt_tokens\":1,\"prompt_tokens\":2}}",
                "{\"usage\":{\"prompt_tokens_details\":{\"cached_tokens\":1,\"cached_tokens\":2}}}",
                // values the tree saturates or ignores
                "{\"usage\":{\"prompt_tokens\":1.5}}",
                "{\"usage\":{\"completion_tokens\":99999999999}}",
                "{\"usage\":{\"prompt_tokens\":\"5\"}}",
                "{\"usage\":7}",
                "{\"usage\":{\"prompt_tokens_details\":3}}",
                "{\"id\":5,\"choices\":[]}",
                "{\"choices\":{\"delta\":{\"content\":\"a\"}}}",
                "{\"choices\":[\"a\"]}",
                "{\"choices\":[{\"delta\":{\"content\":7}}]}",
                "{\"choices\":[{\"delta\":\"a\"}]}",
                "{\"choices\":[{\"finish_reason\":1}]}",
                // tool calls the tree reads its own way: indexes that are not ints, fields of another
                // kind (arguments as an object), repeated fields, elements that are not objects
                calls("[{\"index\":1.5,\"function\":{\"arguments\":\"a\"}}]"),
                calls("[{\"index\":\"0\",\"function\":{\"arguments\":\"a\"}}]"),
                calls("[{\"index\":99999999999,\"function\":{\"arguments\":\"a\"}}]"),
                calls("[{\"index\":0,\"id\":5}]"),
                calls("[{\"index\":0,\"function\":\"Bash\"}]"),
                calls("[{\"index\":0,\"function\":[]}]"),
                calls("[{\"index\":0,\"function\":{\"name\":7}}]"),
                calls("[{\"index\":0,\"function\":{\"name\":\"Bash\",\"arguments\":{\"command\":\"ls\"}}}]"),
                calls("[{\"index\":0,\"index\":1,\"function\":{\"arguments\":\"a\"}}]"),
                calls("[{\"index\":0,\"id\":\"a\",\"id\":\"b\"}]"),
                calls("[{\"index\":0,\"function\":{\"name\":\"a\"},\"function\":{\"name\":\"b\"}}]"),
                calls("[{\"index\":0,\"function\":{\"arguments\":\"a\",\"arguments\":\"b\"}}]"),
                calls("{\"index\":0}"),
                calls("[\"call\"]"),
                calls("[null]"),
                calls("[{\"index\":0},7]"),
                HEAD + "{\"delta\":{\"tool_calls\":[],\"tool_calls\":[{\"index\":0}]}}]}",
                // faults the tree path reports
                "[1]",
                "\"text\"",
                "{\"id\":\"a\"} x",
                "{\"id\":\"a\"",
                "{\"choices\":[{\"delta\":{}}, ]}",
                "{\"choices\":[{\"delta\":{}},");
        for (String data : unusual) {
            assertThat(ChunkFields.read(data)).as(data).isNull();
            assertSameAsTree(data, TEXT, FINISH, DONE);
            assertSameAsTree(FIRST, data, TEXT, USAGE, DONE);
        }
    }

    @Test
    void readsEveryOpenAiFixtureStreamTheSameAsTheTree() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(ChunkFieldsTest.class.getResource("/fixtures/openai"))
                .toURI());
        List<Path> streams;
        try (Stream<Path> files = Files.list(dir)) {
            streams = files.filter(f -> f.toString().endsWith(".sse")).sorted().toList();
        }
        assertThat(streams).hasSizeGreaterThan(5);
        for (Path stream : streams) {
            List<String> data = new ArrayList<>();
            for (String line : Files.readAllLines(stream)) {
                if (line.startsWith("data:")) {
                    data.add(line.substring(5).strip());
                }
            }
            assertSameAsTree(data.toArray(String[]::new));
        }
    }

    /** The reader with its scans and the tree-only reader give the same events, or fail the same way. */
    private static void assertSameAsTree(String... data) {
        assertThat(read(true, data)).as(String.join("\n", data)).isEqualTo(read(false, data));
    }

    private static List<String> read(boolean scans, String... data) {
        OpenAiStreamReader reader = new OpenAiStreamReader("asked-model", ToolNames.none(), scans);
        List<Object> out = new ArrayList<>();
        try {
            for (String d : data) {
                out.addAll(reader.onFrame(new SseFrame(null, d)));
            }
            out.addAll(reader.onEnd());
        } catch (RuntimeException e) {
            out.add(e.getClass().getName() + ": " + Objects.toString(e.getMessage()));
        }
        // a chunk without an id starts a message of a random one
        return out.stream()
                .map(e ->
                        e.toString().replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID"))
                .toList();
    }
}
