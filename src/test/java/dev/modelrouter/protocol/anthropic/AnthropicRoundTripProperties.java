package dev.modelrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.CacheControl;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Canonical → Anthropic → canonical is the identity for everything the Anthropic protocol can carry. */
class AnthropicRoundTripProperties {

    private final AnthropicProtocol protocol = new AnthropicProtocol();

    @Property(tries = 300)
    void canonicalRequestSurvivesAnthropicWire(@ForAll("requests") ChatRequest request) {
        String wire = Fixtures.JSON.writeValueAsString(protocol.writeRequest(request));

        assertThat(protocol.readRequest(Fixtures.parse(wire))).isEqualTo(request);
    }

    @Provide
    Arbitrary<ChatRequest> requests() {
        Arbitrary<List<Message>> messages = message().list().ofMaxSize(5);
        Arbitrary<List<Content.Text>> system = text().list().ofMaxSize(3);
        Arbitrary<List<Tool>> tools = tool().list().ofMaxSize(3);
        Arbitrary<ToolChoice> toolChoice = toolChoice().injectNull(0.3);
        Arbitrary<Thinking> thinking = thinking().injectNull(0.3);
        Arbitrary<ChatRequest.Builder> core = Combinators.combine(
                        words(), system, messages, tools, toolChoice, sampling(), thinking)
                .as((model, sys, msgs, tls, choice, sampling, think) -> ChatRequest.builder()
                        .model(model)
                        .system(sys)
                        .messages(msgs)
                        .tools(tls)
                        .toolChoice(choice)
                        .sampling(sampling)
                        .thinking(think));
        return Combinators.combine(
                        core,
                        Arbitraries.of("low", "medium", "high", "xhigh", "max").injectNull(0.5),
                        schema().injectNull(0.7),
                        Arbitraries.of(true, false),
                        texts().injectNull(0.5),
                        Arbitraries.of(
                                        "context_management",
                                        "service_tier",
                                        "container",
                                        "speed",
                                        "metadata",
                                        "output_config",
                                        "tools")
                                .set()
                                .ofMaxSize(3))
                .as((builder, effort, schema, stream, user, extensions) -> {
                    builder.effort(effort).responseSchema(schema).stream(stream).user(user);
                    for (String key : extensions) {
                        // an explicitly empty tools list is kept only while there are no tools
                        if (!key.equals("tools") || builder.build().tools().isEmpty()) {
                            builder.extension(
                                    key,
                                    key.equals("tools")
                                            ? Json.array()
                                            : Fixtures.parse("{\"edits\":[{\"type\":\"" + key + "\"}]}"));
                        }
                    }
                    return builder.build();
                });
    }

    private static Arbitrary<String> words() {
        return Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars("-_")
                .ofMinLength(1)
                .ofMaxLength(16);
    }

    private static Arbitrary<String> texts() {
        return Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars(" \n\t\"\\/{}é—😀")
                .ofMaxLength(40);
    }

    private static Arbitrary<CacheControl> cache() {
        return Arbitraries.of(CacheControl.EPHEMERAL, new CacheControl("5m"), new CacheControl("1h"))
                .injectNull(0.7);
    }

    private static Arbitrary<Content.Text> text() {
        return Combinators.combine(texts(), cache()).as(Content.Text::new);
    }

    private static Arbitrary<JsonNode> input() {
        return Arbitraries.maps(words(), texts()).ofMaxSize(3).map(map -> {
            ObjectNode node = Json.object();
            map.forEach(node::put);
            return node;
        });
    }

    private static Arbitrary<JsonNode> schema() {
        return words().list().ofMaxSize(3).map(names -> {
            ObjectNode schema = Json.object().put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            names.forEach(name -> properties.putObject(name).put("type", "string"));
            return schema;
        });
    }

    private static Arbitrary<Content> image() {
        Arbitrary<Content> base64 = Combinators.combine(
                        Arbitraries.of("image/png", "image/jpeg", "image/webp"),
                        Arbitraries.strings()
                                .withChars("ABCDEFabcdef0123456789+/")
                                .ofMinLength(4)
                                .ofMaxLength(24),
                        cache())
                .as((media, data, c) -> new Content.Image(media, new Content.Source.Base64(data), c));
        Arbitrary<Content> url = Combinators.combine(words(), cache())
                .as((path, c) -> new Content.Image(null, new Content.Source.Url("https://example.com/" + path), c));
        return Arbitraries.oneOf(base64, url);
    }

    private static Arbitrary<Content> toolUse() {
        return Combinators.combine(words(), words(), input(), cache())
                .as((id, name, input, c) -> new Content.ToolUse("toolu_" + id, name, input, c));
    }

    private static Arbitrary<Content> toolResult() {
        Arbitrary<Content> reference = words().map(Content.ToolReference::new);
        Arbitrary<List<Content>> content = Arbitraries.oneOf(text().map(t -> (Content) t), image(), reference)
                .list()
                .ofMaxSize(3);
        return Combinators.combine(words(), content, Arbitraries.of(true, false), cache())
                .as((id, blocks, error, c) -> new Content.ToolResult("toolu_" + id, blocks, error, c));
    }

    private static Arbitrary<Content> thinkingBlock() {
        return Combinators.combine(texts(), texts().injectNull(0.3)).as(Content.Thinking::new);
    }

    private static Arbitrary<Message> message() {
        Arbitrary<Content> block =
                Arbitraries.oneOf(text().map(t -> (Content) t), image(), toolUse(), toolResult(), thinkingBlock());
        Arbitrary<Map<String, JsonNode>> extensions = Arbitraries.of("low", "medium", "high")
                .map(effort ->
                        Map.<String, JsonNode>of("output_config", Json.object().put("effort", effort)))
                .injectNull(0.7)
                .map(map -> map == null ? Map.of() : map);
        return Combinators.combine(
                        Arbitraries.of(Role.class),
                        block.list().ofMinSize(1).ofMaxSize(4),
                        Arbitraries.of(true, false),
                        extensions)
                .as(Message::new);
    }

    private static Arbitrary<Tool> tool() {
        Arbitrary<Map<String, JsonNode>> extras = Arbitraries.of("defer_loading", "strict", "type", "input_examples")
                .set()
                .ofMaxSize(3)
                .map(keys -> {
                    Map<String, JsonNode> map = new java.util.LinkedHashMap<>();
                    for (String key : keys) {
                        map.put(
                                key,
                                key.equals("type")
                                        ? Json.NODES.stringNode("custom")
                                        : key.equals("input_examples")
                                                ? Fixtures.parse("[{\"a\":1}]")
                                                : Json.NODES.booleanNode(true));
                    }
                    return map;
                });
        Arbitrary<Tool> function = Combinators.combine(words(), texts().injectNull(0.3), schema(), cache(), extras)
                .as(Tool.Function::new);
        Arbitrary<Tool> server = Arbitraries.integers()
                .between(1, 10)
                .map(maxUses -> new Tool.Server(
                        "web_search_20250305",
                        "web_search",
                        Json.object()
                                .put("type", "web_search_20250305")
                                .put("name", "web_search")
                                .put("max_uses", maxUses)));
        return Arbitraries.oneOf(function, server);
    }

    private static Arbitrary<ToolChoice> toolChoice() {
        Arbitrary<Boolean> parallel = Arbitraries.of(true, false);
        return Arbitraries.oneOf(
                parallel.map(ToolChoice.Auto::new),
                parallel.map(ToolChoice.Any::new),
                Arbitraries.just(new ToolChoice.None()),
                Combinators.combine(words(), parallel).as(ToolChoice.Named::new));
    }

    private static Arbitrary<Thinking> thinking() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(1024, 64000).map(Thinking.Enabled::new),
                Arbitraries.of("summarized", "omitted").injectNull(0.3).map(Thinking.Adaptive::new),
                Arbitraries.just(new Thinking.Disabled()));
    }

    private static Arbitrary<Sampling> sampling() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 128000),
                        Arbitraries.doubles().between(0, 1).injectNull(0.5),
                        Arbitraries.doubles().between(0, 1).injectNull(0.5),
                        Arbitraries.integers().between(1, 500).injectNull(0.5),
                        texts().list().ofMaxSize(3))
                .as(Sampling::new);
    }

    @Property(tries = 50)
    void extensionsRoundTripUnderTheirWireNames(@ForAll("requests") ChatRequest request) {
        Map<String, JsonNode> extensions =
                protocol.readRequest(protocol.writeRequest(request)).extensions();

        assertThat(extensions).isEqualTo(request.extensions());
    }
}
