package dev.modelrouter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark inputs: the recorded Claude Code requests, and synthetic upstream streams shaped like a
 * real turn (a little reasoning, hundreds of few-token text deltas, one tool call in fragments), cut
 * into network-sized chunks of one or two events, alternately.
 */
final class BenchStreams {

    /** The number of SSE events in each synthetic stream. */
    static final int EVENTS = 1000;

    private static final int REASONING_DELTAS = 5;
    private static final int TOOL_FRAGMENTS = 40;
    private static final String[] WORDS = {
        "The",
        " largest",
        " file",
        " is",
        " `Anthropic",
        "RequestMapper",
        ".java`",
        " with",
        " 315",
        " lines",
        ";",
        " I",
        "'d",
        " split",
        " its",
        " read",
        " and",
        " write",
        " halves",
        ".\n\n",
        "- **",
        "Reader",
        "**:",
        " maps",
        " the",
        " wire",
        " body",
        " to",
        " the",
        " canonical",
        " model",
        ",",
        " one",
        " block",
        " at",
        " a",
        " time",
        ".\n"
    };

    private BenchStreams() {}

    static byte[] resource(String path) {
        try (InputStream in = BenchStreams.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** OpenAI chunks: role, reasoning, text, a tool call, finish, usage, {@code [DONE]}. */
    static List<String> openAiEvents() {
        String head = openAiHead("chatcmpl-bench01");
        String tail = OPEN_CHOICE;
        List<String> events = new ArrayList<>(EVENTS);
        events.add(head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}," + tail);
        for (int i = 0; i < REASONING_DELTAS; i++) {
            events.add(head + "{\"index\":0,\"delta\":{\"reasoning_content\":\"" + escape(word(i)) + "\"}," + tail);
        }
        int text = EVENTS - events.size() - 1 - TOOL_FRAGMENTS - 3;
        for (int i = 0; i < text; i++) {
            events.add(head + "{\"index\":0,\"delta\":{\"content\":\"" + escape(word(i)) + "\"}," + tail);
        }
        events.add(head
                + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_0_bench\",\"type\":\"function\","
                + "\"function\":{\"name\":\"Bash\",\"arguments\":\"\"}}]}," + tail);
        for (String fragment : fragments(TOOL_FRAGMENTS)) {
            events.add(argumentsChunk(head, fragment));
        }
        return openAiEnd(head, events);
    }

    /**
     * OpenAI chunks of a turn that is one Edit call: role, the call's head, its arguments (a 3.5 KB
     * edit) in fragments of a few characters, as DeepSeek and OpenAI stream them, finish, usage,
     * {@code [DONE]}: {@value #EVENTS} events.
     */
    static List<String> openAiToolCallEvents() {
        String head = openAiHead("chatcmpl-bench02");
        String tail = OPEN_CHOICE;
        List<String> events = new ArrayList<>(EVENTS);
        events.add(head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null}," + tail);
        events.add(head
                + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_0_edit\",\"type\":\"function\","
                + "\"function\":{\"name\":\"Edit\",\"arguments\":\"\"}}]}," + tail);
        StringBuilder code = new StringBuilder();
        for (int i = 0; code.length() < 1700; i++) {
            code.append("    if (")
                    .append(word(i).strip())
                    .append(" != null) {\n        out.add(\"")
                    .append(word(i + 1).strip())
                    .append("\");\n    }\n");
        }
        String arguments = "{\"file_path\":\"/work/src/main/java/dev/modelrouter/Example.java\",\"old_string\":"
                + quoted(code.toString()) + ",\"new_string\":"
                + quoted(code.toString().replace("out.add", "sink.put"))
                + "}";
        for (String fragment : fragments(arguments, EVENTS - events.size() - 3)) {
            events.add(argumentsChunk(head, fragment));
        }
        return openAiEnd(head, events);
    }

    /** The end of a chunk whose first choice goes on: no log probabilities, no finish. */
    private static final String OPEN_CHOICE = "\"logprobs\":null,\"finish_reason\":null}]}";

    /** A chunk's fields before its first choice, for the stream {@code id}. */
    private static String openAiHead(String id) {
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1730000000,"
                + "\"model\":\"deepseek-chat\",\"system_fingerprint\":\"fp_bench\",\"choices\":[";
    }

    /** A chunk that carries one fragment of the first tool call's arguments. */
    private static String argumentsChunk(String head, String fragment) {
        return head + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\""
                + escape(fragment) + "\"}}]}," + OPEN_CHOICE;
    }

    /** {@code events} ended by a tool-call finish, the usage chunk and {@code [DONE]}, as SSE frames. */
    private static List<String> openAiEnd(String head, List<String> events) {
        events.add(head + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}");
        events.add(head + "],\"usage\":{\"prompt_tokens\":14210,\"completion_tokens\":1003,\"total_tokens\":15213,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":13824}}}");
        events.add("[DONE]");
        check(events);
        List<String> frames = new ArrayList<>(events.size());
        for (String data : events) {
            frames.add("data: " + data + "\n\n");
        }
        return frames;
    }

    private static String quoted(String s) {
        return "\"" + escape(s) + "\"";
    }

    /** Anthropic events: thinking with signature, text, a tool use in fragments, message delta and stop. */
    static List<String> anthropicEvents() {
        List<String> events = new ArrayList<>(EVENTS);
        events.add(
                frame(
                        "message_start",
                        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01BenchXyz\",\"type\":\"message\","
                                + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                                + "\"usage\":{\"input_tokens\":386,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":13824,\"output_tokens\":1}}}"));
        events.add(
                frame(
                        "content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}"));
        for (int i = 0; i < REASONING_DELTAS; i++) {
            events.add(delta(0, "thinking_delta", "thinking", word(i)));
        }
        events.add(delta(0, "signature_delta", "signature", "EqQBCkYIBxgCKkD+sig/benchmarkSignatureAAAA=="));
        events.add(frame("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        events.add(frame(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        int text = EVENTS - events.size() - 1 - 1 - TOOL_FRAGMENTS - 1 - 2;
        for (int i = 0; i < text; i++) {
            events.add(delta(1, "text_delta", "text", word(i)));
        }
        events.add(frame("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"));
        events.add(frame(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_01BenchTool\",\"name\":\"Bash\",\"input\":{}}}"));
        for (String fragment : fragments(TOOL_FRAGMENTS)) {
            events.add(delta(2, "input_json_delta", "partial_json", fragment));
        }
        events.add(frame("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}"));
        events.add(frame(
                "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":1003}}"));
        events.add(frame("message_stop", "{\"type\":\"message_stop\"}"));
        check(events);
        return events;
    }

    /** The events as network chunks: one event, then two, alternately. */
    static byte[][] chunks(List<String> frames) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        boolean two = false;
        while (i < frames.size()) {
            String chunk = frames.get(i++);
            if (two && i < frames.size()) {
                chunk += frames.get(i++);
            }
            out.add(chunk.getBytes(StandardCharsets.UTF_8));
            two = !two;
        }
        return out.toArray(new byte[0][]);
    }

    private static String delta(int index, String type, String field, String value) {
        return frame(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":{\"type\":\"" + type + "\",\""
                        + field + "\":\"" + escape(value) + "\"}}");
    }

    private static String frame(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }

    private static String word(int i) {
        return WORDS[i % WORDS.length];
    }

    /** A Bash call's arguments, cut into {@code n} fragments. */
    private static List<String> fragments(int n) {
        return fragments(
                "{\"command\":\"find src/main -name '*.java' -exec wc -l {} + | sort -n | tail -5 && git log --oneline -n 20 "
                        + "-- src/main/java/dev/modelrouter/protocol\",\"description\":\"List the largest Java files and recent protocol commits\"}",
                n);
    }

    /** {@code json} cut into {@code n} fragments of about the same length. */
    private static List<String> fragments(String json, int n) {
        List<String> out = new ArrayList<>(n);
        int size = (json.length() + n - 1) / n;
        for (int i = 0; i < n; i++) {
            out.add(json.substring(Math.min(json.length(), i * size), Math.min(json.length(), (i + 1) * size)));
        }
        return out;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static void check(List<String> events) {
        if (events.size() != EVENTS) {
            throw new IllegalStateException("built " + events.size() + " events, not " + EVENTS);
        }
    }
}
