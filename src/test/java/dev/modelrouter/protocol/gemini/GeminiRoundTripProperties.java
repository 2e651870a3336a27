package dev.modelrouter.protocol.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.node.ObjectNode;

/**
 * A canonical conversation written for Gemini and read back as a Gemini client's request keeps its
 * text, its tool calls (name and arguments), its results (paired with the same call, text and error
 * flag) and its Gemini signatures. Ids may change (Gemini gets none it did not make), so calls are
 * compared by position.
 */
class GeminiRoundTripProperties {

    private static final List<String> TOOL_NAMES = List.of("Read", "Bash", "Grep");

    private final GeminiProtocol protocol = new GeminiProtocol();

    @Property(tries = 300)
    void conversationSurvivesGeminiRoundTrip(@ForAll("requests") ChatRequest request) {
        ChatRequest read = protocol.readRequest(protocol.writeRequest(request));

        assertThat(normalize(read.messages())).isEqualTo(normalize(request.messages()));
        assertThat(read.system()).isEqualTo(request.system());
    }

    /** Each turn as lines: same-role turns merged, ids replaced by the call's ordinal, thought text left out. */
    private static List<String> normalize(List<Message> messages) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> ordinals = new HashMap<>();
        Role previous = null;
        StringBuilder turn = null;
        for (Message message : messages) {
            if (message.role() != previous) {
                if (turn != null) {
                    out.add(turn.toString());
                }
                turn = new StringBuilder(message.role().name());
                previous = message.role();
            }
            for (Content block : message.content()) {
                if (block instanceof Content.Text text) {
                    turn.append("|text:").append(text.text());
                } else if (block instanceof Content.ToolUse use) {
                    ordinals.put(use.id(), ordinals.size());
                    turn.append("|call:").append(use.name()).append(Json.write(use.input()));
                } else if (block instanceof Content.ToolResult result) {
                    StringBuilder text = new StringBuilder();
                    result.content().forEach(c -> text.append(((Content.Text) c).text()));
                    turn.append("|result:")
                            .append(ordinals.get(result.toolUseId()))
                            .append(result.error() ? ":error:" : ":")
                            .append(text);
                } else if (block instanceof Content.Thinking thinking) {
                    if (thinking.signature() != null) {
                        turn.append("|signature:").append(thinking.signature());
                    }
                } else {
                    throw new IllegalStateException(block.toString());
                }
            }
        }
        if (turn != null) {
            out.add(turn.toString());
        }
        // A signature may ride on a neighbouring part; compare each turn's signatures as a sorted set.
        return out.stream().map(GeminiRoundTripProperties::sortSignatures).toList();
    }

    private static String sortSignatures(String turn) {
        List<String> signatures = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        for (String piece : turn.split("\\|", -1)) {
            if (piece.startsWith("signature:")) {
                signatures.add(piece);
            } else {
                rest.append(rest.isEmpty() ? "" : "|").append(piece);
            }
        }
        signatures.sort(null);
        return rest + " " + signatures;
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars(' ', '.', '\n', '"', '\\', 'é', '{', '}')
                .ofMinLength(1)
                .ofMaxLength(30);
    }

    private static Arbitrary<ObjectNode> arguments() {
        return Arbitraries.maps(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
                        Arbitraries.oneOf(
                                text().map(s -> (Object) s),
                                Arbitraries.integers().map(i -> (Object) i)))
                .ofMaxSize(3)
                .map(map -> {
                    ObjectNode node = Json.object();
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

    private static Arbitrary<String> signature() {
        return Arbitraries.strings()
                .alpha()
                .numeric()
                .ofMinLength(4)
                .ofMaxLength(24)
                .map(s -> ThoughtSignatures.PREFIX
                        + Base64.getEncoder().encodeToString(("sig" + s).getBytes(StandardCharsets.UTF_8)));
    }

    /** One round: user text, an assistant turn that may think and call tools, their results, maybe more text. */
    private static Arbitrary<List<Message>> round() {
        Arbitrary<List<Content.ToolUse>> calls = Combinators.combine(
                        Arbitraries.of(TOOL_NAMES),
                        arguments(),
                        Arbitraries.strings().alpha().numeric().ofLength(10))
                .as((name, args, id) -> new Content.ToolUse("toolu_" + id, name, args, null))
                .list()
                .ofMaxSize(3)
                .uniqueElements(Content.ToolUse::id);
        return Combinators.combine(
                        text(),
                        text().optional(),
                        signature().optional(),
                        calls,
                        Combinators.combine(text().injectNull(0.3), Arbitraries.of(true, false))
                                .as(Result::new)
                                .list()
                                .ofSize(3),
                        text().optional())
                .as((user, reply, signature, toolCalls, results, after) -> {
                    List<Message> messages = new ArrayList<>();
                    messages.add(Message.of(Role.USER, user));
                    List<Content> assistant = new ArrayList<>();
                    signature.ifPresent(s -> assistant.add(new Content.Thinking("thought text", s)));
                    if (reply.isPresent() || toolCalls.isEmpty()) {
                        assistant.add(Content.Text.of(reply.orElse("ok")));
                    }
                    assistant.addAll(toolCalls);
                    messages.add(new Message(Role.ASSISTANT, assistant));
                    if (!toolCalls.isEmpty()) {
                        List<Content> answers = new ArrayList<>();
                        for (int i = 0; i < toolCalls.size(); i++) {
                            Result result = results.get(i);
                            List<Content> content =
                                    result.text == null ? List.of() : List.of(Content.Text.of(result.text));
                            answers.add(new Content.ToolResult(toolCalls.get(i).id(), content, result.error, null));
                        }
                        after.ifPresent(a -> answers.add(Content.Text.of(a)));
                        messages.add(new Message(Role.USER, answers));
                        messages.add(Message.of(Role.ASSISTANT, "done"));
                    }
                    return messages;
                });
    }

    private record Result(String text, boolean error) {}

    /** Ids are unique within a round; a round suffix keeps shrunk ids unique across rounds. */
    private static Message withRoundIds(Message message, int round) {
        List<Content> blocks = new ArrayList<>();
        for (Content block : message.content()) {
            if (block instanceof Content.ToolUse use) {
                blocks.add(new Content.ToolUse(use.id() + "_" + round, use.name(), use.input(), null));
            } else if (block instanceof Content.ToolResult result) {
                blocks.add(new Content.ToolResult(
                        result.toolUseId() + "_" + round, result.content(), result.error(), null));
            } else {
                blocks.add(block);
            }
        }
        return new Message(message.role(), blocks);
    }

    @Provide
    Arbitrary<ChatRequest> requests() {
        return Combinators.combine(
                        text().optional(), round().list().ofMinSize(1).ofMaxSize(3))
                .as((system, rounds) -> {
                    ChatRequest.Builder request = ChatRequest.builder().model("gemini-2.5-flash");
                    system.ifPresent(s -> request.system(List.of(Content.Text.of(s))));
                    for (int r = 0; r < rounds.size(); r++) {
                        for (Message message : rounds.get(r)) {
                            request.addMessage(withRoundIds(message, r));
                        }
                    }
                    request.addMessage(Message.of(Role.USER, "next"));
                    return request.build();
                });
    }
}
