package dev.modelrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.protocol.WireJson;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** An OpenAI client request read to canonical form and written back keeps its messages and tools. */
class OpenAiRoundTripProperties {

    private static final List<String> TOOL_NAMES = List.of("Read", "Bash", "Grep");

    private final OpenAiProtocol protocol = new OpenAiProtocol();

    @Property(tries = 300)
    void clientRequestSurvivesCanonicalRoundTrip(@ForAll("requests") ObjectNode body) {
        JsonNode written = protocol.writeRequest(protocol.readRequest(body));

        assertThat(written.get("messages")).isEqualTo(body.get("messages"));
        assertThat(written.get("tools")).isEqualTo(body.get("tools"));
        assertThat(written.get("tool_choice")).isEqualTo(body.get("tool_choice"));
        assertThat(written.get("stop")).isEqualTo(body.get("stop"));
        assertThat(written.get("max_tokens")).isEqualTo(body.get("max_tokens"));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars(' ', '.', '\n', '"', '\\', 'é', '{', '}')
                .ofMinLength(1)
                .ofMaxLength(30)
                .filter(s -> !s.isBlank());
    }

    private static Arbitrary<ObjectNode> arguments() {
        return Arbitraries.maps(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
                        Arbitraries.oneOf(
                                text().map(s -> (Object) s),
                                Arbitraries.integers().map(i -> (Object) i)))
                .ofMaxSize(3)
                .map(map -> {
                    ObjectNode node = WireJson.object();
                    map.forEach((k, v) -> {
                        if (v instanceof Integer i) {
                            node.put(k, i);
                        } else {
                            node.put(k, (String) v);
                        }
                    });
                    return node;
                });
    }

    /** One round: a user turn, then an assistant turn that may call tools, then their results. */
    private static Arbitrary<List<ObjectNode>> round() {
        Arbitrary<List<ObjectNode>> calls = Combinators.combine(
                        Arbitraries.of(TOOL_NAMES),
                        arguments(),
                        Arbitraries.strings().alpha().numeric().ofLength(8))
                .as((name, args, id) -> {
                    ObjectNode call = WireJson.object();
                    call.put("id", "call_" + id);
                    call.put("type", "function");
                    ObjectNode function = call.putObject("function");
                    function.put("name", name);
                    function.put("arguments", WireJson.write(args));
                    return call;
                })
                .list()
                .ofMaxSize(3)
                .uniqueElements(call -> call.get("id").stringValue());
        return Combinators.combine(
                        text(),
                        text().optional(),
                        text().optional(),
                        calls,
                        text().list().ofSize(3),
                        text().optional())
                .as((user, reply, reasoning, toolCalls, results, after) -> {
                    List<ObjectNode> messages = new ArrayList<>();
                    messages.add(message("user", user));
                    ObjectNode assistant = WireJson.object();
                    assistant.put("role", "assistant");
                    if (reply.isPresent() || toolCalls.isEmpty()) {
                        assistant.put("content", reply.orElse("ok"));
                    } else {
                        assistant.putNull("content");
                    }
                    reasoning.ifPresent(r -> assistant.put("reasoning_content", r));
                    if (!toolCalls.isEmpty()) {
                        assistant.putArray("tool_calls").addAll(toolCalls);
                    }
                    messages.add(assistant);
                    for (int i = 0; i < toolCalls.size(); i++) {
                        ObjectNode tool = WireJson.object();
                        tool.put("role", "tool");
                        tool.put("tool_call_id", toolCalls.get(i).get("id").stringValue());
                        tool.put("content", results.get(i));
                        messages.add(tool);
                    }
                    if (!toolCalls.isEmpty() && after.isPresent()) {
                        messages.add(message("user", after.get()));
                        messages.add(message("assistant", "done"));
                    }
                    return messages;
                });
    }

    private static ObjectNode message(String role, String content) {
        ObjectNode message = WireJson.object();
        message.put("role", role);
        message.put("content", content);
        return message;
    }

    @Provide
    Arbitrary<ObjectNode> requests() {
        return Combinators.combine(
                        text().optional(),
                        round().list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.of("auto", "required", "none", "named", "absent"),
                        text().list().ofMaxSize(4),
                        Arbitraries.integers().between(1, 100000).optional())
                .as((system, rounds, choice, stop, maxTokens) -> {
                    ObjectNode body = WireJson.object();
                    body.put("model", "gpt-test");
                    ArrayNode messages = body.putArray("messages");
                    system.ifPresent(s -> messages.add(message("system", s)));
                    rounds.forEach(messages::addAll);
                    ArrayNode tools = body.putArray("tools");
                    for (String name : TOOL_NAMES) {
                        ObjectNode function =
                                tools.addObject().put("type", "function").putObject("function");
                        function.put("name", name);
                        function.put("description", "The " + name + " tool");
                        function.set("parameters", WireJson.parse("{\"type\":\"object\",\"properties\":{}}"));
                        if (name.equals("Grep")) {
                            function.put("strict", true);
                        }
                    }
                    if (choice.equals("named")) {
                        ObjectNode named = body.putObject("tool_choice").put("type", "function");
                        named.putObject("function").put("name", "Grep");
                    } else if (!choice.equals("absent")) {
                        body.put("tool_choice", choice);
                    }
                    if (!stop.isEmpty()) {
                        stop.forEach(body.withArray("stop")::add);
                    }
                    maxTokens.ifPresent(m -> body.put("max_tokens", m));
                    return body;
                });
    }
}
